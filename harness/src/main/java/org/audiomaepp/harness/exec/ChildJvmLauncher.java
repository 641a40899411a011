package org.audiomaepp.harness.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.JobStop;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.jobs.JobPrecision;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.JobLock;
import org.audiomaepp.harness.store.Store;

/**
 * Runs each job in a fresh JVM: {@code java [JVM options, e.g. -Xmx8g] -cp <this classpath>
 * org.audiomaepp.harness.cli.HarnessCli job STAGE/KEY --store DIR …}, with the child's stdout and
 * stderr appended to the job's log, and the slot's environment (its GPU, its threads) plus what the
 * job's precision needs ({@link JobPrecision#environment}). One JVM per job keeps the engine's process-wide seed and thread
 * settings per job and confines native crashes and out-of-memory failures to that job.
 */
public final class ChildJvmLauncher implements JobLauncher {

    /** Exit code of a child that failed in a way a retry may fix. */
    public static final int EXIT_TRANSIENT = JobRunner.Result.FAILED_TRANSIENT.exitCode;

    /** Exit code of a JVM ended by SIGINT (128 + 2). */
    private static final int EXIT_SIGINT = 130;

    /** Longer than a job takes to stop between steps ({@link JobStop#GRACE_SECONDS}). */
    private static final long STOP_GRACE_SECONDS = JobStop.GRACE_SECONDS + 5;

    private final Store store;
    private final List<String> jvmArgs;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * @param store   the store the jobs live in
     * @param jvmArgs extra JVM options for every child (e.g. {@code -Xmx8g})
     */
    public ChildJvmLauncher(Store store, List<String> jvmArgs) {
        this.store = store;
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    @Override
    public Outcome launch(JobSpec job, Slot slot, int attempt) throws InterruptedException {
        Path log = store.logFile(job.id());
        ProcessBuilder pb = new ProcessBuilder(command(job, slot, attempt))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        pb.environment().putAll(environment(job, slot));
        Process p;
        // Started and registered under the lock that stopAll takes: a JVM is either started before
        // stopAll looks (and stopped by it) or not started at all, never started unseen.
        synchronized (this) {
            if (stopping) {
                return new Outcome(Outcome.Kind.FAILED, "stopped before it started");
            }
            try {
                p = pb.start();
            } catch (IOException e) {
                return new Outcome(Outcome.Kind.FAILED, "cannot start a JVM for " + job.id() + ": " + e.getMessage());
            }
            running.add(p);
        }
        int code;
        try {
            code = p.waitFor();
        } finally {
            running.remove(p);
        }
        if (code == 0) {
            boolean ranHere = store.readDone(job.id())
                    .map(d -> d.get("pid") instanceof Number n && n.longValue() == p.pid())
                    .orElse(true);
            return ranHere ? Outcome.done() : new Outcome(Outcome.Kind.ALREADY_DONE, "");
        }
        if (code == JobRunner.Result.BUSY.exitCode) {
            return new Outcome(Outcome.Kind.BUSY, "");
        }
        Optional<FailureRecord> recorded = store.readFailed(job.id()).filter(f -> f.pid() == p.pid());
        if (recorded.isPresent()) {
            FailureRecord f = recorded.get();
            String message = f.summary();
            return new Outcome(f.transientFailure() ? Outcome.Kind.TRANSIENT : Outcome.Kind.FAILED, message);
        }
        if (stopping) {
            // Stopped on purpose: not a failure of the job, which simply runs again next time.
            return new Outcome(Outcome.Kind.FAILED, "stopped (exit code " + code + ")");
        }
        if (code == EXIT_SIGINT) {
            // Ctrl-C reaches the whole process group, so a child can die of it just before this
            // process starts stopping: that is an interruption, not a failure of the job.
            return new Outcome(Outcome.Kind.TRANSIENT, "interrupted (SIGINT)");
        }
        String message = "the job's JVM exited with code " + code
                + " without recording a failure (crash, out of memory or killed)";
        boolean transientFailure = code == EXIT_TRANSIENT;
        recordCrash(job, message, code, transientFailure, attempt, p.pid());
        return new Outcome(transientFailure ? Outcome.Kind.TRANSIENT : Outcome.Kind.FAILED, message);
    }

    @Override
    public void stopAll() {
        List<Process> procs;
        synchronized (this) {
            stopping = true;
            procs = new ArrayList<>(running);
        }
        procs.forEach(Process::destroy);
        for (Process p : procs) {
            try {
                if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What the child's environment gets on top of this process's: the engine's pinned CPU kernels
     * ({@link CpuKernels}), the slot's settings and the job's precision's.
     */
    static Map<String, String> environment(JobSpec job, Slot slot) {
        Map<String, String> env = new LinkedHashMap<>(CpuKernels.environment());
        env.putAll(slot.env());
        env.putAll(JobPrecision.environment(job));
        return env;
    }

    /** The child's command line. */
    List<String> command(JobSpec job, Slot slot, int attempt) {
        List<String> cmd = new ArrayList<>(harnessCommand(jvmArgs, Integer.toString(slot.threads()),
                store.jobDir(job.id())));
        cmd.add("job");
        cmd.add(job.id());
        cmd.add("--store");
        cmd.add(store.root().toString());
        cmd.add("--device");
        cmd.add(slot.device());
        cmd.add("--threads");
        cmd.add(Integer.toString(slot.threads()));
        cmd.add("--attempt");
        cmd.add(Integer.toString(attempt));
        cmd.add("--exit-with-parent");
        return cmd;
    }

    /**
     * {@code java [engine settings, stage registry, jvmArgs] -cp <this classpath, absolute> HarnessCli}:
     * the start of every command line that runs the harness as a job, here or on a cluster node.
     *
     * @param jvmArgs extra JVM options
     * @param threads the engine's thread count, a number or a shell expression the job's script expands
     * @param jobDir  the job's store directory, where a native crash report goes (the engine can
     *                abort on a signal) instead of the directory the sweep was started from
     */
    public static List<String> harnessCommand(List<String> jvmArgs, String threads, Path jobDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-XX:ErrorFile=" + jobDir.toAbsolutePath().resolve("hs_err_pid%p.log"));
        cmd.add("-Dai.djl.offline=true");
        // The engine reads its thread counts once, at start: the slot's share of the cores.
        cmd.add("-D" + JobRunner.ENGINE_THREADS + "=" + threads);
        cmd.add("-D" + JobRunner.ENGINE_INTEROP_THREADS + "=1");
        String stages = System.getProperty(StageRegistry.PROPERTY);
        if (stages != null) {
            cmd.add("-D" + StageRegistry.PROPERTY + "=" + stages);
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add("org.audiomaepp.harness.cli.HarnessCli");
        return cmd;
    }

    /** This JVM's class path with every entry absolute, so it holds in any working directory. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(e.isEmpty() ? e : Path.of(e).toAbsolutePath().normalize().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private void recordCrash(JobSpec job, String message, int code, boolean transientFailure, int attempt, long pid) {
        Optional<JobLock> lock = store.tryLock(job.id());
        if (lock.isEmpty()) {
            return;
        }
        try (JobLock l = lock.get()) {
            if (store.isDone(job.id())) {
                return;
            }
            List<Path> reports = store.archiveCrashReports(l);
            if (!reports.isEmpty()) {
                message += "; native crash report: " + reports.stream().map(Path::toString)
                        .collect(java.util.stream.Collectors.joining(", "));
            }
            Files.writeString(store.logFile(job.id()), "[job] " + message + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            store.fail(l, null, new FailureRecord(message, "exit code " + code, transientFailure,
                    store.logTail(job.id(), 40), Store.hostName(), pid, Store.now(), attempt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the failure of " + job.id(), e);
        }
    }

    /** The java binary this JVM runs on. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> Files.isExecutable(Path.of(c)))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
