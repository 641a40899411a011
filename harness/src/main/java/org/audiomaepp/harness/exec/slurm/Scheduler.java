package org.audiomaepp.harness.exec.slurm;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The few things the Slurm executor asks of the cluster: {@code sbatch}, {@code squeue} (with
 * {@code scontrol} and, where the cluster keeps accounting, {@code sacct}) and {@code scancel}.
 * {@link SlurmCommands} runs the real commands; tests drive the executor with a fake.
 */
public interface Scheduler {

    /**
     * Submits a batch script ({@code sbatch --parsable}), to start only after every job of
     * {@code afterOk} has completed successfully, and returns the new job's id.
     *
     * @throws SchedulerException if sbatch rejects the script or cannot reach the controller
     */
    String submit(Path script, List<String> afterOk) throws SchedulerException;

    /**
     * The state of each job of {@code ids} the scheduler still knows about (ended jobs are
     * forgotten after a while when the cluster keeps no accounting); unknown ids are absent.
     *
     * @throws SchedulerException if the scheduler cannot be asked (controller unreachable)
     */
    Map<String, SlurmJob> query(Collection<String> ids) throws SchedulerException;

    /** Cancels the jobs ({@code scancel}); ids that have ended already are ignored. */
    void cancel(Collection<String> ids) throws SchedulerException;
}
