package org.audiomaepp.models.config;

/** Which tokens the encoder does not see during pretraining (docs/model.md §6). */
public enum Masking {
    /** Unstructured: each token independently, by uniform noise. */
    RANDOM,
    /** Whole time steps (every frequency token of a step together). */
    TIME,
    /** SSAST / MAE-AST chunks: unions of c × c squares of patches, c in 3…5 (patch tokens only). */
    CHUNK
}
