package org.audiomaepp.harness.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a failed job's FAILED record says. */
class JobFailureMessageTest {

    private final Path jobDir = Path.of("/data/store/pretrain/abc");

    @Test
    void aFullDiskNamesThePathBeingWrittenAndTheFix() {
        Throwable t = new UncheckedIOException("cannot write checkpoint",
                new FileSystemException("/data/store/pretrain/abc/scratch/ckpt/params.bin", null, "No space left on device"));
        String m = JobRunner.failureMessage(t, jobDir);
        assertTrue(m.startsWith("no space left on the device holding /data/store/pretrain/abc/scratch/ckpt/params.bin: free"
                + " space there"), m);
        assertTrue(m.contains("--store on a file system with room"), m);
    }

    @Test
    void aFullDiskWithoutAPathNamesTheJobsDirectory() {
        String m = JobRunner.failureMessage(new RuntimeException(new IOException("No space left on device")), jobDir);
        assertTrue(m.startsWith("no space left on the device holding " + jobDir + ":"), m);
    }

    @Test
    void anyOtherFailureKeepsItsOwnMessage() {
        assertEquals("task x: bad split", JobRunner.failureMessage(new IllegalStateException("task x: bad split"), jobDir));
    }
}
