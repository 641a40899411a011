package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.Store;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code plan} and {@code status} share: load a sweep, print its runs and jobs with one state
 * word per job, then the count of each state ({@code total: {...}}).
 */
abstract class SweepJobsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP.yaml", description = "the sweep file")
    Path sweepFile;

    @Mixin
    StoreOption store;

    @Spec
    CommandSpec spec;

    /** The state word of each job, for the table; called once per job, in table order. */
    abstract Function<JobSpec, String> states(SweepJobs sweep, Store store);

    /** Lines after the totals; none by default. */
    void afterTotals(PrintWriter out) {}

    @Override
    public final Integer call() {
        SweepJobs sj = SweepJobs.load(sweepFile);
        Function<JobSpec, String> state = states(sj, store.open());
        Map<String, Integer> counts = new TreeMap<>();
        PrintWriter out = spec.commandLine().getOut();
        sj.print(out, j -> {
            String s = state.apply(j);
            counts.merge(s, 1, Integer::sum);
            return s;
        });
        out.println("total: " + counts);
        afterTotals(out);
        out.flush();
        return ExitCodes.OK;
    }
}
