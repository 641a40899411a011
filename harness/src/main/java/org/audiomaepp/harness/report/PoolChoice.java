package org.audiomaepp.harness.report;

/** Which models make up the pool of the normalized score (docs/protocol.md §7). */
public enum PoolChoice {
    /** {@link #PAPER} when every task of the sweep is one of the paper's HEAR tasks, else {@link #RUNS}. */
    AUTO,
    /** This sweep's runs plus the published rows of Table 2, so that s(m) sits on the paper's scale. */
    PAPER,
    /** This sweep's runs alone. */
    RUNS;
}
