package org.audiomaepp.harness.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness plan SWEEP.yaml}: the expanded runs and jobs, and which are done. Runs nothing. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Print a sweep's expanded runs and jobs (stage, key prefix, done or pending) without running anything.",
            "Works without the data: keys that depend on data not present are marked provisional (~).",
        })
final class PlanCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP.yaml", description = "the sweep file")
    Path sweepFile;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "results/store",
            description = "the result store (default: ${DEFAULT-VALUE})")
    Path store;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SweepJobs sj = SweepJobs.load(sweepFile, StageRegistry.fromSystem());
        sj.checkTasks();
        Store s = new Store(store);
        Map<String, Integer> counts = new TreeMap<>();
        sj.print(spec.commandLine().getOut(), (JobSpec j) -> {
            String state = s.isDone(j.id()) ? "done" : "pending";
            counts.merge(state, 1, Integer::sum);
            return state;
        });
        spec.commandLine().getOut().println("total: " + counts);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
