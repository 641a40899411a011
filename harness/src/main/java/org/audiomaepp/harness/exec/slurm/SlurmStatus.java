package org.audiomaepp.harness.exec.slurm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.JobState;
import org.audiomaepp.harness.store.Store;

/**
 * Where the jobs of a sweep stand in Slurm, for {@code harness status}: each job that is not done
 * and has a {@link SlurmRecord} whose Slurm job has not ended, with the state the scheduler gives
 * (one {@code squeue} for all of them), and each whose Slurm job ended without leaving {@code DONE}
 * or {@code FAILED} (killed while no {@code harness run} was watching).
 */
public final class SlurmStatus {

    /**
     * One job in Slurm's queue.
     *
     * @param record what was submitted
     * @param job    what the scheduler says now, empty if it could not be asked
     */
    public record Entry(SlurmRecord record, Optional<SlurmJob> job) {

        /** {@code running}, {@code queued}, or {@code failed} for a job that ended without a trace. */
        public String label() {
            if (job.map(SlurmJob::ended).orElse(false)) {
                return "failed";
            }
            return job.map(j -> j.state().equals("RUNNING") || j.state().equals("COMPLETING") ? "running" : "queued")
                    .orElse("queued");
        }

        /** {@code Slurm job 12 PENDING (Dependency), submitted …}. */
        public String describe() {
            String ended = job.map(SlurmJob::ended).orElse(false)
                    ? " without DONE or FAILED" + (job.get().exitCode().isEmpty() ? "" : ", exit code " + job.get().exitCode())
                            + (job.get().details().isEmpty() ? "" : ", " + job.get().details())
                            + " (the next 'harness run' records it and submits the job again)"
                    : "";
            return "Slurm job " + job.map(SlurmJob::describe).orElse(record.slurmJobId() + " (state unknown)") + ended
                    + ", submitted " + record.submitted() + " from " + record.host();
        }
    }

    private final Map<String, Entry> entries;
    private final String note;

    private SlurmStatus(Map<String, Entry> entries, String note) {
        this.entries = entries;
        this.note = note;
    }

    /**
     * @param scheduler asked about the submitted jobs; null where Slurm's commands are not
     *                  installed (the records alone are then shown, as of unknown state)
     */
    public static SlurmStatus of(Store store, List<JobSpec> jobs, Scheduler scheduler) {
        Map<String, SlurmRecord> records = new LinkedHashMap<>();
        for (JobSpec j : jobs) {
            if (!store.isDone(j.id())) {
                SlurmRecord.read(store, j.id()).ifPresent(r -> records.put(j.id(), r));
            }
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (records.isEmpty()) {
            return new SlurmStatus(entries, null);
        }
        Map<String, SlurmJob> known = null;
        String note = null;
        if (scheduler == null) {
            note = "note: " + records.size() + " jobs were submitted to Slurm, whose commands are not installed here;"
                    + " run status where squeue works to see their Slurm state";
        } else {
            try {
                known = scheduler.query(records.values().stream().map(SlurmRecord::slurmJobId).toList());
            } catch (SchedulerException e) {
                note = "note: cannot ask Slurm about the submitted jobs: " + e.getMessage();
            }
        }
        for (Map.Entry<String, SlurmRecord> r : records.entrySet()) {
            if (known == null) {
                entries.put(r.getKey(), new Entry(r.getValue(), Optional.empty()));
            } else {
                SlurmJob j = known.get(r.getValue().slurmJobId());
                // An ended job speaks through the store (DONE, FAILED), unless it died without a word.
                boolean silent = j != null && j.ended() && store.state(r.getKey()) != JobState.FAILED;
                if (j != null && (!j.ended() || silent)) {
                    entries.put(r.getKey(), new Entry(r.getValue(), Optional.of(j)));
                }
            }
        }
        return new SlurmStatus(entries, note);
    }

    /** The job's place in Slurm's queue, if it is queued or running there. */
    public Optional<Entry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** A line to print when Slurm could not be asked. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }
}
