package org.audiomaepp.harness.exec;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.Store;

/**
 * Runs jobs on threads of this JVM. Fast, for tests and debugging; it shares the engine's
 * process-wide settings between jobs, so real sweeps use {@link ChildJvmLauncher}.
 */
public final class InProcessLauncher implements JobLauncher {
    private final Store store;
    private final JobRunner runner;

    public InProcessLauncher(Store store, StageRegistry registry) {
        this.store = store;
        this.runner = new JobRunner(store, registry);
    }

    @Override
    public Outcome launch(JobSpec job, Slot slot, int attempt) {
        JobRunner.Result result;
        try (PrintStream log = new PrintStream(new FileOutputStream(store.logFile(job.id()).toFile(), true), true,
                StandardCharsets.UTF_8)) {
            result = runner.run(job.id(), new JobRunner.Settings(slot.device(), slot.threads(), attempt), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (result) {
            case DONE -> Outcome.done();
            case ALREADY_DONE -> new Outcome(Outcome.Kind.ALREADY_DONE, "");
            case BUSY -> new Outcome(Outcome.Kind.BUSY, "");
            case FAILED -> new Outcome(Outcome.Kind.FAILED, failureMessage(job.id()));
            case FAILED_TRANSIENT -> new Outcome(Outcome.Kind.TRANSIENT, failureMessage(job.id()));
        };
    }

    @Override
    public void stopAll() {
        // Threads of this JVM are stopped by the executor interrupting them.
    }

    private String failureMessage(String id) {
        return store.readFailed(id).map(FailureRecord::summary).orElse("failed");
    }
}
