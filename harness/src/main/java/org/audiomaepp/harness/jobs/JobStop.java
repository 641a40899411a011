package org.audiomaepp.harness.jobs;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops the job of this JVM between two steps when the JVM is asked to end (SIGTERM from
 * {@code harness run} stopping, or its parent gone), instead of ending it inside the engine: a
 * JVM that exits while a thread is in PyTorch's backward pass can crash in native code.
 *
 * <p>{@link #install} adds a shutdown hook that raises the flag and waits, up to a grace period,
 * until {@link #finished} says the job's thread has left the stage; the stage's loops call
 * {@link #check} between steps (every {@link Progress} step does), which throws {@link Stopped}.
 */
public final class JobStop {

    /** The longest a stopping JVM waits for its job to reach the end of a step. */
    public static final long GRACE_SECONDS = 25;

    private static volatile boolean requested;
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    private JobStop() {}

    /** Thrown between steps once this JVM is stopping. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped between steps because the job's JVM was asked to end (SIGTERM, or its parent ended);"
                    + " it runs again next time, resuming from its last checkpoint");
        }
    }

    /** Adds the shutdown hook that stops the job between steps. */
    public static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            request();
            try {
                FINISHED.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "job-stop"));
    }

    /** Asks the job to stop at its next step. */
    public static void request() {
        requested = true;
    }

    /** True once the job was asked to stop. */
    public static boolean requested() {
        return requested;
    }

    /** Throws {@link Stopped} if the job was asked to stop; stages call it between steps. */
    public static void check() {
        if (requested) {
            throw new Stopped();
        }
    }

    /** Says the job's thread has left the stage (done, failed or stopped), so the JVM may end. */
    public static void finished() {
        FINISHED.countDown();
    }
}
