package org.audiomaepp.models.config;

/**
 * Whether a side with RoPE still adds its fixed sin-cos table (model.md §3). The paper uses RoPE
 * "instead" of the tables; the released code keeps adding them and rotates q and k as well, so a
 * checkpoint it trained with RoPE only reproduces its embeddings with {@code added}.
 */
public enum RopeTables {
    /** RoPE replaces the additive table on its side (the paper's wording; the default). */
    REPLACED,
    /** The additive table is added as without RoPE, and q and k are rotated too (the released code). */
    ADDED
}
