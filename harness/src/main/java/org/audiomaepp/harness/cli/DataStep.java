package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import org.audiomaepp.harness.sweep.Sweep;

/**
 * What {@code harness run} does before it expands the sweep into jobs: create data the sweep asks
 * for and that is missing (the {@code synthetic} section: synthetic tasks and corpus). It runs
 * before the data is fingerprinted, so the jobs' keys are computed from the data as created.
 */
interface DataStep {

    /**
     * @param sweep the loaded sweep
     * @param out   for the lines the step prints
     */
    void prepare(Sweep sweep, PrintWriter out) throws Exception;

    /**
     * The data step of this build: synthetic data generated when the sweep asks for it
     * ({@link SyntheticData}); any other missing data stops the run with exit code 2.
     */
    static DataStep builtin() {
        return new SyntheticData();
    }
}
