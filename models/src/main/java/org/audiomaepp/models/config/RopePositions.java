package org.audiomaepp.models.config;

/** Which position RoPE gives a token (docs/model.md §3.4). */
public enum RopePositions {
    /**
     * The index in the sequence as it enters attention, cls = 0, as the released code does: in the
     * masked encoder the kept tokens arrive shuffled, so these are not their spectrogram places.
     */
    SEQUENCE,
    /**
     * The token's true place in the token grid: cls = 0 and grid index g at position g + 1, so that
     * without masking both options give the same positions.
     */
    GRID
}
