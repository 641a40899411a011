package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import org.audiomaepp.harness.exec.LocalExecutor;
import org.audiomaepp.harness.report.ReportOptions;
import org.audiomaepp.harness.store.Store;

/**
 * What {@code harness run} does after the jobs: aggregate the sweep's scores from the store and
 * render its report. Called also when some jobs failed (the report marks the failed and missing
 * cells), not after Ctrl-C.
 */
interface ReportStep {

    /**
     * @param jobs    the loaded sweep and its job graph (runs → job ids, as in the manifest)
     * @param summary what happened to each job in this run
     * @param store   where the outputs are
     * @param out     for the lines the report step prints
     */
    void afterRun(SweepJobs jobs, LocalExecutor.Summary summary, Store store, PrintWriter out) throws Exception;

    /**
     * Collects the sweep's scores and provenance from the store into {@code results/sweeps/<name>/}
     * ({@code scores.csv}, {@code runs.json}) and renders the report there with the default options.
     */
    static ReportStep builtin() {
        return (jobs, summary, store, out) -> {
            try {
                SweepReport.write(jobs, store, ReportOptions.defaults(), out);
            } catch (RuntimeException e) {
                if (summary.ok()) {
                    throw e;
                }
                // Some jobs failed, which the run's exit code says already; the job list that follows matters more.
                out.println("report: not written: " + e.getMessage());
                out.flush();
            }
        };
    }
}
