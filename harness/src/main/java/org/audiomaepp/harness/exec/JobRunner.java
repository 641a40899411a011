package org.audiomaepp.harness.exec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.harness.jobs.JobContext;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.JobStop;
import org.audiomaepp.harness.jobs.Progress;
import org.audiomaepp.harness.jobs.Stage;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.jobs.TransientJobException;
import org.audiomaepp.harness.jobs.JobPrecision;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.JobLock;
import org.audiomaepp.harness.store.Store;

/**
 * Runs one job of the store in this JVM: takes its lock, cleans what crashed attempts left, runs
 * the stage into a temporary directory, and either commits it (outputs renamed into place,
 * {@code DONE} written last) or records {@code FAILED}. This is what {@code harness job} does.
 */
public final class JobRunner {

    /** How a run of one job ended, with the exit code {@code harness job} reports it by. */
    public enum Result {
        /** The job ran and is done. */
        DONE(0),
        /** The job was already done; nothing ran. */
        ALREADY_DONE(0),
        /** The job failed. */
        FAILED(1),
        /** Another process holds the job's lock; nothing ran. */
        BUSY(3),
        /** The job failed in a way a retry may fix (EX_TEMPFAIL). */
        FAILED_TRANSIENT(75);

        /** The process exit code for this result. */
        public final int exitCode;

        Result(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /**
     * Where and how to run.
     *
     * @param device  {@code cpu} or {@code gpu:0}
     * @param threads CPU threads the job may use
     * @param attempt which try of the executor this is (1 = first)
     */
    public record Settings(String device, int threads, int attempt) {}

    /** System property the PyTorch engine reads its intra-op thread count from when it starts. */
    public static final String ENGINE_THREADS = "ai.djl.pytorch.num_threads";
    /** System property the PyTorch engine reads its inter-op thread count from when it starts. */
    public static final String ENGINE_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private static final int LOG_TAIL_LINES = 40;

    private final Store store;
    private final StageRegistry registry;

    public JobRunner(Store store, StageRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** Runs job {@code id}, writing its log lines to {@code log}. */
    public Result run(String id, Settings settings, PrintStream log) {
        JobSpec spec = store.readJob(id);
        Optional<JobLock> maybeLock = store.tryLock(id);
        if (maybeLock.isEmpty()) {
            log.println("[job] " + id + " is being run by another process; not running it here");
            return Result.BUSY;
        }
        try (JobLock lock = maybeLock.get()) {
            if (store.isDone(id)) {
                log.println("[job] " + id + " is already done");
                return Result.ALREADY_DONE;
            }
            Instant start = Instant.now();
            Map<String, Object> marker = new LinkedHashMap<>();
            marker.put("pid", ProcessHandle.current().pid());
            marker.put("host", Store.hostName());
            marker.put("started", start.toString());
            marker.put("device", settings.device());
            marker.put("attempt", settings.attempt());
            Path tmp = store.beginAttempt(lock, marker);
            log.printf("[job] %s attempt %d on %s (%s, %d threads), pid %d, %s%n", id, settings.attempt(),
                    Store.hostName(), settings.device(), settings.threads(), ProcessHandle.current().pid(), start);
            log.flush();
            try {
                Stage stage = stageOf(spec);
                for (String parent : spec.parents()) {
                    if (!store.isDone(parent)) {
                        throw new IllegalStateException("parent job " + parent + " is not done");
                    }
                }
                stage.run(new Context(spec, tmp, store.scratchDir(lock), log, settings));
                Instant end = Instant.now();
                store.commit(lock, tmp, doneRecord(spec, settings, start, end));
                log.printf("[job] %s done in %.1f s%n", id, Duration.between(start, end).toMillis() / 1000.0);
                log.flush();
                return Result.DONE;
            } catch (Throwable t) {
                // Stopped between steps on the way out of a stopping JVM: not the job's fault.
                boolean transientFailure = t instanceof TransientJobException || JobStop.requested();
                log.println("[job] " + id + " failed" + (transientFailure ? " (transient)" : "") + ": " + t);
                t.printStackTrace(log);
                log.flush();
                store.fail(lock, tmp, new FailureRecord(
                        failureMessage(t, store.jobDir(id)),
                        t.getClass().getName(),
                        transientFailure,
                        store.logTail(id, LOG_TAIL_LINES),
                        Store.hostName(),
                        ProcessHandle.current().pid(),
                        Store.now(),
                        settings.attempt()));
                if (t instanceof Error e && !(t instanceof OutOfMemoryError) && !(t instanceof AssertionError)) {
                    throw e;
                }
                return transientFailure ? Result.FAILED_TRANSIENT : Result.FAILED;
            }
        }
    }

    /**
     * The {@code FAILED} message of {@code t}: its own, except that a full disk says where and what
     * to do (the engine's and the JDK's "No space left on device" name neither).
     */
    static String failureMessage(Throwable t, Path jobDir) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException && String.valueOf(c.getMessage()).contains(Store.NO_SPACE)) {
                return Store.noSpaceMessage(c, jobDir);
            }
        }
        return String.valueOf(t.getMessage());
    }

    private Stage stageOf(JobSpec spec) {
        return registry.find(spec.stage()).orElseThrow(() -> new IllegalStateException(
                "stage '" + spec.stage() + "' has no implementation in this build of the harness"));
    }

    private Map<String, Object> doneRecord(JobSpec spec, Settings settings, Instant start, Instant end) {
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("id", spec.id());
        done.put("stage", spec.stage());
        done.put("key", spec.key());
        done.put("config", spec.config());
        done.put("parents", spec.parents());
        done.put("key_material", spec.keyMaterial());
        done.put("rerun", "harness job " + spec.id() + " --store " + store.root());
        done.put("git_commit", Provenance.gitCommit());
        done.put("versions", Provenance.versions());
        done.put("stage_version", registry.version(spec.stage()));
        done.put("device", settings.device());
        done.put("precision", JobPrecision.of(spec).key());
        done.put("cpu_capability", CpuKernels.capability());
        done.put("threads", settings.threads());
        done.put("host", Store.hostName());
        done.put("pid", ProcessHandle.current().pid());
        done.put("attempt", settings.attempt());
        done.put("start", start.toString());
        done.put("end", end.toString());
        done.put("wall_seconds", Duration.between(start, end).toMillis() / 1000.0);
        done.put("exit_status", "ok");
        return done;
    }

    private final class Context implements JobContext {
        private final JobSpec spec;
        private final Path out;
        private final Path scratch;
        private final PrintStream log;
        private final Settings settings;

        Context(JobSpec spec, Path out, Path scratch, PrintStream log, Settings settings) {
            this.spec = spec;
            this.out = out;
            this.scratch = scratch;
            this.log = log;
            this.settings = settings;
        }

        @Override
        public JobSpec spec() {
            return spec;
        }

        @Override
        public Path parentOutput(String stage) {
            return spec.parents().stream()
                    .filter(p -> p.startsWith(stage + "/"))
                    .findFirst()
                    .map(store::outputDir)
                    .orElseThrow(() -> new IllegalArgumentException(spec.id() + " has no " + stage + " parent"));
        }

        @Override
        public List<Path> parentOutputs() {
            return spec.parents().stream().map(store::outputDir).toList();
        }

        @Override
        public Path outputDir() {
            return out;
        }

        @Override
        public Path scratchDir() {
            return scratch;
        }

        @Override
        public PrintStream log() {
            return log;
        }

        @Override
        public Progress progress(String what, long total) {
            return new LogProgress(log, what, total, 30);
        }

        @Override
        public String device() {
            return settings.device();
        }

        @Override
        public int threads() {
            return settings.threads();
        }
    }
}
