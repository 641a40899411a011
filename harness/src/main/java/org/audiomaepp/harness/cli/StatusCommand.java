package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.audiomaepp.harness.exec.slurm.SlurmCommands;
import org.audiomaepp.harness.exec.slurm.SlurmStatus;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.JobState;
import org.audiomaepp.harness.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
final class StatusCommand implements Callable<Integer> {

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
        Store s = new Store(store);
        Map<String, Integer> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        SlurmStatus slurm = SlurmStatus.of(s, sj.graph.jobs(), SlurmCommands.installed() ? new SlurmCommands() : null);
        sj.print(out, (JobSpec j) -> {
            Optional<SlurmStatus.Entry> inSlurm = slurm.entry(j.id());
            if (inSlurm.isPresent()) {
                SlurmStatus.Entry e = inSlurm.get();
                counts.merge(e.label(), 1, Integer::sum);
                failures.add(e.label() + " " + j.shortId() + " (" + j.describe() + "): " + e.describe());
                return e.label();
            }
            JobState state = s.state(j.id());
            counts.merge(state.label(), 1, Integer::sum);
            if (state == JobState.FAILED) {
                s.readFailed(j.id()).ifPresent(f -> failures.add(describe(s, j, f)));
            }
            if (state == JobState.RUNNING) {
                s.readRunning(j.id()).ifPresent(r -> failures.add("running " + j.shortId() + " on " + r.get("host")
                        + " (pid " + r.get("pid") + ") since " + r.get("started")));
            }
            return state.label();
        });
        out.println("total: " + counts);
        slurm.note().ifPresent(out::println);
        if (!failures.isEmpty()) {
            out.println("details:");
            failures.forEach(f -> out.println("  " + f));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(Store s, JobSpec j, FailureRecord f) {
        return "failed  " + j.shortId() + " (" + j.describe() + "): " + f.summary()
                + (f.transientFailure() ? " [transient]" : "") + "; log: " + s.logFile(j.id());
    }
}
