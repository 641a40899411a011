package org.audiomaepp.harness.exec.slurm;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.audiomaepp.harness.exec.FakeStages;
import org.audiomaepp.harness.exec.JobRunner;
import org.audiomaepp.harness.store.Store;

/**
 * A cluster in memory. Every {@link #query} first advances it one step: each pending job whose
 * {@code afterok} parents all completed runs to its end (in this JVM, through {@link JobRunner} with
 * {@link FakeStages}, its output appended to the job's log as sbatch's --output would), and each
 * pending job with a parent that did not complete is cancelled with
 * {@code DependencyNeverSatisfied}, as {@code --kill-on-invalid-dep=yes} makes Slurm do. No timing:
 * the executor's polls drive it.
 */
final class FakeScheduler implements Scheduler {

    /** One submission: the store job id the script runs, its script and what it waits for. */
    record Submission(String slurmId, String jobId, Path script, List<String> afterOk) {}

    private final Store store;
    private final List<Submission> submissions = new ArrayList<>();
    private final Map<String, SlurmJob> jobs = new LinkedHashMap<>();
    private final Map<String, String> deaths = new HashMap<>();
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final List<String> cancelled = new ArrayList<>();
    private volatile boolean hold;
    private volatile boolean forgetEnded;
    private volatile String rejectStage;
    private int nextId = 100;

    FakeScheduler(Store store) {
        this.store = store;
    }

    /** While held, nothing starts. */
    FakeScheduler hold(boolean h) {
        hold = h;
        return this;
    }

    /** Ended jobs vanish at once, like a cluster without accounting after MinJobAge. */
    FakeScheduler forgetEnded() {
        forgetEnded = true;
        return this;
    }

    /** sbatch rejects the scripts of this stage. */
    FakeScheduler reject(String stage) {
        rejectStage = stage;
        return this;
    }

    /** The job dies in Slurm's {@code state} (TIMEOUT, OUT_OF_MEMORY, NODE_FAIL) before it can record anything. */
    FakeScheduler kill(String jobId, String state) {
        deaths.put(jobId, state);
        return this;
    }

    synchronized List<Submission> submissions() {
        return List.copyOf(submissions);
    }

    synchronized List<String> cancelled() {
        return List.copyOf(cancelled);
    }

    synchronized Submission submissionOf(String jobId) {
        return submissions.stream().filter(s -> s.jobId().equals(jobId)).reduce((a, b) -> b).orElseThrow();
    }

    @Override
    public synchronized String submit(Path script, List<String> afterOk) throws SchedulerException {
        String jobId = jobIdOf(script);
        if (rejectStage != null && jobId.startsWith(rejectStage + "/")) {
            throw new SchedulerException("sbatch rejected " + script + " (exit code 1): sbatch: error: invalid partition"
                    + " specified: nope");
        }
        for (String p : afterOk) {
            if (!jobs.containsKey(p)) {
                throw new SchedulerException("sbatch: error: Job dependency problem");
            }
        }
        String id = Integer.toString(nextId++);
        submissions.add(new Submission(id, jobId, script, List.copyOf(afterOk)));
        jobs.put(id, new SlurmJob(id, "PENDING", afterOk.isEmpty() ? "None" : "Dependency", "", ""));
        return id;
    }

    @Override
    public synchronized Map<String, SlurmJob> query(Collection<String> ids) {
        step();
        if (forgetEnded) {
            jobs.values().stream().filter(SlurmJob::ended).forEach(j -> forgotten.add(j.id()));
        }
        Map<String, SlurmJob> out = new LinkedHashMap<>();
        for (String id : ids) {
            SlurmJob j = jobs.get(id);
            if (j != null && !forgotten.contains(id)) {
                out.put(id, j);
            }
        }
        return out;
    }

    @Override
    public synchronized void cancel(Collection<String> ids) {
        for (String id : ids) {
            cancelled.add(id);
            SlurmJob j = jobs.get(id);
            if (j != null && !j.ended()) {
                jobs.put(id, new SlurmJob(id, "CANCELLED", j.reason(), "0:0", ""));
            }
        }
    }

    private void step() {
        if (hold) {
            return;
        }
        // One wave per step: what the jobs' parents were when the step began decides.
        Map<String, SlurmJob> before = new LinkedHashMap<>(jobs);
        for (Submission s : submissions) {
            SlurmJob j = jobs.get(s.slurmId());
            if (!j.state().equals("PENDING")) {
                continue;
            }
            List<SlurmJob> parents = s.afterOk().stream().map(before::get).toList();
            if (parents.stream().anyMatch(p -> p.ended() && !p.state().equals("COMPLETED"))) {
                jobs.put(j.id(), new SlurmJob(j.id(), "CANCELLED", SlurmJob.NEVER_SATISFIED, "0:0", ""));
            } else if (parents.stream().allMatch(p -> p.state().equals("COMPLETED"))) {
                jobs.put(j.id(), run(s));
            }
        }
    }

    /** Runs the job as its script would, to the state Slurm would end it in. */
    private SlurmJob run(Submission s) {
        Path log = store.logFile(s.jobId());
        String death = deaths.get(s.jobId());
        try {
            if (death != null) {
                Files.writeString(log, "[slurm] job " + s.slurmId() + " on fake\nslurmstepd: error: *** JOB " + s.slurmId()
                        + " ON fake CANCELLED AT 2026-01-01T00:00:00 DUE TO " + death + " ***\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                return new SlurmJob(s.slurmId(), death, death.equals("TIMEOUT") ? "TimeLimit" : "None", "0:9",
                        "ran 00:01:00 of time limit 00:01:00 on fake");
            }
            JobRunner.Result r;
            try (PrintStream out = new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8)) {
                r = new JobRunner(store, new FakeStages().get()).run(s.jobId(), new JobRunner.Settings("cpu", 1, 1), out);
            }
            return r.exitCode == 0
                    ? new SlurmJob(s.slurmId(), "COMPLETED", "None", "0:0", "")
                    : new SlurmJob(s.slurmId(), "FAILED", "NonZeroExitCode", r.exitCode + ":0", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store job id the script runs: its second line is {@code # STAGE/KEY (what)}. */
    private static String jobIdOf(Path script) {
        try {
            String line = Files.readAllLines(script).get(1);
            return line.substring(2, line.indexOf(' ', 2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
