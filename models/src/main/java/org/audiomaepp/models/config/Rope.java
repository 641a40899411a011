package org.audiomaepp.models.config;

/** Where rotary position embedding replaces the additive sin-cos table (docs/model.md §3.3). */
public enum Rope {
    /** Additive sin-cos tables on both sides. */
    NONE,
    /** RoPE in the decoder's attention layers, additive table in the encoder. */
    DECODER,
    /** RoPE in every attention layer of encoder and decoder. */
    BOTH
}
