/**
 * The content-addressed result store: every job's outputs, its log, and the record of how it was
 * made, under one directory named by the job's key.
 *
 * <h2>Layout</h2>
 * <pre>
 * results/store/                    (--store; results/sweeps/&lt;name&gt;/manifest.json sits beside it)
 *   &lt;stage&gt;/                        features | pretrain | embed | probe
 *     &lt;key&gt;/                        64 hex digits: SHA-256 of the job's key material
 *       job.json                     the job: stage, key, resolved config (with data locations),
 *                                    parents (ids "stage/key"), key_material; written when the
 *                                    job is created, so "harness job STAGE/KEY" can run it from the
 *                                    store alone
 *       lock                         empty file; the process running the job holds an OS lock on
 *                                    it (FileChannel.tryLock), released by the OS if it dies
 *       RUNNING                      {pid, host, started, device, attempt} of the running process;
 *                                    it counts only while that process lives
 *       log                          the job's output, appended by every attempt
 *       tmp-&lt;uuid&gt;/                  outputs of an attempt in progress (JobContext.outputDir())
 *       scratch/                     kept across failed attempts (resumable checkpoints,
 *                                    JobContext.scratchDir()); deleted once the job is done
 *       out/                         the finished outputs: tmp-&lt;uuid&gt;/ renamed atomically
 *       DONE                         provenance (below), written last: DONE.tmp, fsync, rename
 *       FAILED                       the last attempt's failure (below); there is no DONE then
 *       slurm.sh, slurm.json         under the Slurm executor: the job's sbatch script and its last
 *                                    submission (Slurm job id, time, host, afterok ids); written by
 *                                    the submitting process, which also points sbatch's output at log
 * </pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A job is done if and only if its {@code DONE} exists. An {@code out/} without {@code DONE}
 *       (a crash between the rename and {@code DONE}), {@code tmp-*} directories, {@code DONE.tmp}
 *       and stale {@code RUNNING} markers are debris: readers ignore them, and the next attempt
 *       deletes them once it holds the lock.
 *   <li>Only the holder of the job's lock writes into the job directory (apart from the creation
 *       of {@code job.json}, which is written atomically and is the same for everyone). A process
 *       that finds the lock held does not run the job: it waits for the holder and takes the
 *       holder's result. So two {@code harness run} processes on one store never run a job twice.
 *   <li>The outputs are fsynced before the rename and {@code DONE} after it, so a power cut leaves
 *       either a finished job or debris.
 * </ul>
 *
 * <h2>{@code DONE}</h2>
 * JSON with: {@code id}, {@code stage}, {@code key}, {@code config} (the resolved config),
 * {@code parents}, {@code key_material}, {@code rerun} (the command that runs the job again:
 * {@code harness job STAGE/KEY --store DIR}), {@code git_commit} (of the code, {@code +dirty} if it
 * had uncommitted changes, or {@code unknown}), {@code versions} (project, djl, pytorch,
 * pytorch_native, java), {@code stage_version}, {@code device}, {@code threads}, {@code host},
 * {@code pid}, {@code attempt}, {@code start}, {@code end} (ISO-8601), {@code wall_seconds},
 * {@code exit_status} ({@code ok}).
 *
 * <h2>{@code FAILED}</h2>
 * {@link org.audiomaepp.harness.store.FailureRecord}: message, exception class (or
 * {@code exit code N} for a JVM that died without recording one), whether it was transient, the
 * tail of the log, host, pid, time, attempt.
 */
package org.audiomaepp.harness.store;
