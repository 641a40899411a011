package org.audiomaepp.harness.exec.slurm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.Store;

/**
 * Where the jobs of a sweep stand in Slurm, for {@code harness status}: each job that is not done
 * and has a {@link SlurmRecord} whose Slurm job has not ended, with the state the scheduler gives
 * (one {@code squeue} for all of them).
 */
public final class SlurmStatus {

    /**
     * One job in Slurm's queue.
     *
     * @param record what was submitted
     * @param job    what the scheduler says now, empty if it could not be asked
     */
    public record Entry(SlurmRecord record, Optional<SlurmJob> job) {

        /** {@code running} or {@code queued}. */
        public String label() {
            return job.map(j -> j.state().equals("RUNNING") || j.state().equals("COMPLETING") ? "running" : "queued")
                    .orElse("queued");
        }

        /** {@code Slurm job 12 PENDING (Dependency), submitted …}. */
        public String describe() {
            return "Slurm job " + job.map(SlurmJob::describe).orElse(record.slurmJobId() + " (state unknown)")
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
                if (j != null && !j.ended()) {
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
