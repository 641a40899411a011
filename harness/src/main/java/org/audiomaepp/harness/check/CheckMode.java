package org.audiomaepp.harness.check;

/** How new results are compared with a baseline. */
public enum CheckMode {
    /** {@link #EXACT} when every row of both sides ran on a CPU, else {@link #STATISTICAL}. */
    AUTO,
    /** Seeded CPU runs are bit-exact: every mean must match within a tiny tolerance, up or down. */
    EXACT,
    /** GPU runs are not bit-exact: a one-sided test that a mean did not fall by more than its noise. */
    STATISTICAL;
}
