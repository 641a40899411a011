package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import org.audiomaepp.harness.exec.LocalExecutor;
import org.audiomaepp.harness.store.Store;

/**
 * What {@code harness run} does after the jobs: aggregate the sweep's scores from the store and
 * render its report. Called also when some jobs failed (the report marks the missing cells), not
 * after Ctrl-C.
 */
interface ReportStep {

    /**
     * @param jobs    the loaded sweep and its job graph (runs → job ids, as in the manifest)
     * @param summary what happened to each job in this run
     * @param store   where the outputs are
     * @param out     for the lines the report step prints
     */
    void afterRun(SweepJobs jobs, LocalExecutor.Summary summary, Store store, PrintWriter out) throws Exception;

    /** The report step of this build: none yet, the run ends with the manifest written. */
    static ReportStep builtin() {
        return (jobs, summary, store, out) -> { };
    }
}
