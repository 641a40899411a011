package org.audiomaepp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @Test
    void anAtomicWriteReplacesTheFileAndLeavesNoTemporary(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.json");
        Files.writeString(file, "old");
        FileTrees.writeAtomically(file, "new");
        assertEquals("new", Files.readString(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void deleteTreeRemovesNestedDirectoriesAndAcceptsAMissingOne(@TempDir Path dir) throws IOException {
        Path tree = dir.resolve("t");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/f"), "x");
        FileTrees.deleteTree(tree);
        assertFalse(Files.exists(tree));
        FileTrees.deleteTree(tree);
    }

    @Test
    void splitMix64MatchesItsPublishedFirstOutput() {
        // SplitMix64 seeded with 0 first outputs mix(0 + GAMMA) = 0xe220a8397b1dcdaf
        assertEquals(0xe220a8397b1dcdafL, SplitMix64.mix(SplitMix64.GAMMA));
    }
}
