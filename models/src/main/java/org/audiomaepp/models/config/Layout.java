package org.audiomaepp.models.config;

/** How a chunk's patch tokens become time steps of the scene embedding (docs/model.md §9.3). */
public enum Layout {
    /** Each time step concatenates its own 5 frequency tokens: D-block k is band k over time. */
    TIME_MAJOR,
    /**
     * The released AudioMAE++ reshape, which treats the time-major sequence as if it were
     * frequency-major: D-block k of the scene embedding is the mean of one 0.4-s segment across all bands.
     */
    OFFICIAL_AUDIOMAEPP
}
