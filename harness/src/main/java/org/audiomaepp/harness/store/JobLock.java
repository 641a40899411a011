package org.audiomaepp.harness.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * Exclusive right to run one job, held as an OS file lock on the job's {@code lock} file. The OS
 * releases it when the process dies, so a killed process never leaves a stale lock.
 */
public final class JobLock implements AutoCloseable {
    private final String id;
    private final FileChannel channel;
    private final FileLock lock;

    JobLock(String id, FileChannel channel, FileLock lock) {
        this.id = id;
        this.channel = channel;
        this.lock = lock;
    }

    /** The locked job's id. */
    public String id() {
        return id;
    }

    /** True while the lock is held. */
    public boolean held() {
        return lock.isValid();
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock of " + id, e);
        }
    }
}
