package org.audiomaepp.models.config;

/** Which LayerNorm precedes the SwiGLU of a {@code plusplus} block (docs/model.md §4.4). */
public enum Ffn2Norm {
    /** LN2 again, as the released code does; LN3 is allocated but unused (it counts as a parameter). */
    SHARED,
    /** LN3, the block's own third LayerNorm. */
    OWN
}
