/**
 * The Slurm executor: {@link org.audiomaepp.harness.exec.slurm.SlurmExecutor} submits one sbatch
 * script per job ({@link org.audiomaepp.harness.exec.slurm.SbatchScript}, from
 * {@code job.sbatch.ftl}) with the resources of
 * {@link org.audiomaepp.harness.exec.slurm.SlurmSettings}, chains the jobs with
 * {@code --dependency=afterok}, and polls until they end. Every call to Slurm goes through
 * {@link org.audiomaepp.harness.exec.slurm.Scheduler} ({@link org.audiomaepp.harness.exec.slurm.SlurmCommands}
 * runs {@code sbatch}, {@code squeue}, {@code scontrol}, {@code sacct} and {@code scancel}).
 *
 * <p>The job itself is the same {@code harness job STAGE/KEY} the local executor starts, so the
 * store layout, the {@code DONE} provenance and the exit codes are the same. What the executor adds
 * to a job's store directory: {@code slurm.sh} (the script), {@code slurm.json}
 * ({@link org.audiomaepp.harness.exec.slurm.SlurmRecord}: the last submission, so that no job is
 * queued twice), and, for a job Slurm killed before it could record its failure, a {@code FAILED}
 * record whose exception class is {@code slurm <STATE>} with the tail of the log.
 */
package org.audiomaepp.harness.exec.slurm;
