package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.audiomaepp.harness.aggregate.SweepResults;
import org.audiomaepp.harness.report.ReportBuilder;
import org.audiomaepp.harness.report.ReportOptions;
import org.audiomaepp.harness.report.RunProvenance.TaskState;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.sweep.Manifest;

/**
 * Collects a sweep's results from the store into {@code <results>/sweeps/<name>/} (beside the
 * manifest {@code run} writes) and renders the report there: what {@code run}, {@code report
 * SWEEP.yaml} and {@code check SWEEP.yaml} share.
 */
final class SweepReport {
    private SweepReport() {}

    /** The sweep's results directory for a store: {@code <store>/../sweeps/<name>/}. */
    static Path directory(SweepJobs sj, Store store) {
        return SweepResults.directory(SweepJobs.resultsDirOf(store), sj.sweep.name());
    }

    /**
     * Writes {@code scores.csv} and {@code runs.json}, then the report, and prints where they are
     * and how many cells are done, failed and missing.
     */
    static ReportBuilder.ReportFiles write(SweepJobs sj, Store store, ReportOptions options, PrintWriter out) {
        for (String note : sj.graph.notes()) {
            out.println("note: " + note);
        }
        SweepResults results = SweepResults.collect(sj.sweep, sj.graph, store);
        Manifest.requireOwnedBy(SweepJobs.resultsDirOf(store), sj.sweep, false);
        Path dir = directory(sj, store);
        results.write(dir);
        ReportBuilder.ReportFiles files = ReportBuilder.build(dir, options);
        Map<TaskState, Integer> n = results.cellCounts();
        out.printf("report: %s (run × task cells: %d done, %d failed, %d missing; scores and provenance in %s)%n",
                files.html(), n.get(TaskState.DONE), n.get(TaskState.FAILED), n.get(TaskState.MISSING), dir);
        out.flush();
        return files;
    }
}
