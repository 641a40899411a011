/**
 * Running jobs: {@link org.audiomaepp.harness.exec.JobRunner} runs one job in this JVM (what
 * {@code harness job} does); {@link org.audiomaepp.harness.exec.LocalExecutor} schedules a job graph
 * over slots (CPU shares or GPUs), launching each job with a
 * {@link org.audiomaepp.harness.exec.ChildJvmLauncher} (one JVM per job) or, for tests, an
 * {@link org.audiomaepp.harness.exec.InProcessLauncher}; {@link org.audiomaepp.harness.exec.slurm}
 * runs the graph as Slurm batch jobs instead.
 *
 * <p>{@code harness job} exit codes, which the executors read: 0 done (now or before), 1 failed,
 * 2 bad input, 3 the job's lock is held by another process (nothing ran), 75 failed transiently
 * (retry). A child JVM that dies otherwise (crash, out of memory, killed) gets a {@code FAILED}
 * record written by the executor.
 */
package org.audiomaepp.harness.exec;
