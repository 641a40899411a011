package org.audiomaepp.models.config;

/** How a clip is padded to a whole number of 2-s chunks before embedding (docs/model.md §9.1). */
public enum Pad {
    /** Zeros; always pads, so a clip already a multiple of a chunk gets one extra chunk (AudioMAE++). */
    ZERO,
    /** Reflection of the clip's end, only up to the next multiple (MW-MAE). */
    REFLECT
}
