package org.audiomaepp.harness.jobs;

/**
 * Progress of one long loop inside a job (pretraining steps, files embedded, probe fits), reported
 * as periodic plain lines in the job's log.
 */
public interface Progress extends AutoCloseable {

    /** Records that {@code n} more units of work are done. */
    void stepBy(long n);

    /** Records one more unit of work. */
    default void step() {
        stepBy(1);
    }

    /** Writes the final line. */
    @Override
    void close();
}
