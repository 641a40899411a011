package org.audiomaepp.harness.cli;

import java.util.function.Function;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.Store;
import picocli.CommandLine.Command;

/** {@code harness plan SWEEP.yaml}: the expanded runs and jobs, and which are done. Runs nothing. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Print a sweep's expanded runs and jobs (stage, key prefix, done or pending) without running anything.",
            "Works without the data: keys that depend on data not present are marked provisional (~).",
        })
final class PlanCommand extends SweepJobsCommand {

    @Override
    Function<JobSpec, String> states(SweepJobs sweep, Store store) {
        // Every task directory the sweep names is checked before anything is planned (exit 2).
        sweep.checkTasks();
        return j -> store.isDone(j.id()) ? "done" : "pending";
    }
}
