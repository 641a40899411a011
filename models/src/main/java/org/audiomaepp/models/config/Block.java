package org.audiomaepp.models.config;

/** The transformer block kind (docs/model.md §4); the decoder uses the same kind as the encoder. */
public enum Block {
    /** ViT pre-norm block of the MAE baselines: attention, then a GELU MLP. */
    VANILLA,
    /** AudioMAE++ "transformer++" macaron block: half SiLU MLP, attention, SwiGLU. */
    PLUSPLUS
}
