package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.audiomaepp.harness.exec.slurm.SlurmCommands;
import org.audiomaepp.harness.exec.slurm.SlurmStatus;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.JobState;
import org.audiomaepp.harness.store.Store;
import picocli.CommandLine.Command;

/**
 * {@code harness status SWEEP.yaml}: done, running, failed, pending per job, with failure messages;
 * jobs submitted to Slurm and not ended show as queued or running with their Slurm job id and state.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show which of a sweep's jobs are done, running, failed or pending, with the failure messages;"
                + " jobs in Slurm's queue (harness run --executor slurm) show as queued or running, with their Slurm"
                + " job id and state.")
final class StatusCommand extends SweepJobsCommand {

    private final List<String> details = new ArrayList<>();
    private SlurmStatus slurm;

    @Override
    Function<JobSpec, String> states(SweepJobs sj, Store s) {
        slurm = SlurmStatus.of(s, sj.graph.jobs(), SlurmCommands.installed() ? new SlurmCommands() : null);
        return j -> {
            Optional<SlurmStatus.Entry> inSlurm = slurm.entry(j.id());
            if (inSlurm.isPresent()) {
                SlurmStatus.Entry e = inSlurm.get();
                details.add(e.label() + " " + j.shortId() + " (" + j.describe() + "): " + e.describe());
                return e.label();
            }
            JobState state = s.state(j.id());
            if (state == JobState.FAILED) {
                s.readFailed(j.id()).ifPresent(f -> details.add(describe(s, j, f)));
            }
            if (state == JobState.RUNNING) {
                s.readRunning(j.id()).ifPresent(r -> details.add("running " + j.shortId() + " on " + r.get("host")
                        + " (pid " + r.get("pid") + ") since " + r.get("started")));
            }
            return state.label();
        };
    }

    @Override
    void afterTotals(PrintWriter out) {
        slurm.note().ifPresent(out::println);
        if (!details.isEmpty()) {
            out.println("details:");
            details.forEach(f -> out.println("  " + f));
        }
    }

    private static String describe(Store s, JobSpec j, FailureRecord f) {
        return "failed  " + j.shortId() + " (" + j.describe() + "): " + f.summary()
                + (f.transientFailure() ? " [transient]" : "") + "; log: " + s.logFile(j.id());
    }
}
