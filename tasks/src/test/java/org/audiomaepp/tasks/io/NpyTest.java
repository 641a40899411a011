package org.audiomaepp.tasks.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void anArrayFileFollowsTheUmaskLikeAnyOtherFile() throws IOException {
        // Written through a temporary file and a rename; Files.createTempFile would make it 0600.
        Path plain = Files.createFile(dir.resolve("plain"));
        Assumptions.assumeTrue(Files.getPosixFilePermissions(plain).contains(PosixFilePermission.GROUP_READ),
                "a umask that lets the group read");
        Path file = dir.resolve("sub/x.npy");
        Npy.write(file, new float[][] {{1, 2}, {3, 4}});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        try (java.util.stream.Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file left");
        }
    }
}
