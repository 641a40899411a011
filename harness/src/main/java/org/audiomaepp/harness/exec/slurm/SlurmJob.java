package org.audiomaepp.harness.exec.slurm;

import java.util.Set;

/**
 * What the scheduler says about one of its jobs.
 *
 * @param id       the Slurm job id
 * @param state    Slurm's state name ({@code PENDING}, {@code RUNNING}, {@code COMPLETED},
 *                 {@code FAILED}, {@code TIMEOUT}, {@code CANCELLED}, ...)
 * @param reason   why it is pending or how it ended ({@code Dependency},
 *                 {@code DependencyNeverSatisfied}, {@code NonZeroExitCode}, ...; "" if none)
 * @param exitCode {@code code:signal} as Slurm reports it, "" if not known
 * @param details  more for a failure message (time limit, node), "" if none
 */
public record SlurmJob(String id, String state, String reason, String exitCode, String details) {

    /** Reason of a job whose {@code afterok} parent failed: it will never start. */
    public static final String NEVER_SATISFIED = "DependencyNeverSatisfied";

    /** States a job does not leave: it has ended, one way or another. */
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT",
            "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT");

    public SlurmJob {
        // sacct writes "CANCELLED by 0"; the first word is the state.
        state = state.trim().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT);
        reason = reason == null || reason.equals("None") || reason.equals("(null)") ? "" : reason;
        exitCode = exitCode == null ? "" : exitCode;
        details = details == null ? "" : details;
    }

    /** True once the job has ended (completed, failed, cancelled, timed out, ...). */
    public boolean ended() {
        return ENDED.contains(state);
    }

    /** True if the job waits for a parent that failed: it will never start. */
    public boolean neverStarts() {
        return state.equals("PENDING") && reason.equals(NEVER_SATISFIED);
    }

    /** {@code 123 PENDING (Dependency)}, for listings. */
    public String describe() {
        return id + " " + state + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
