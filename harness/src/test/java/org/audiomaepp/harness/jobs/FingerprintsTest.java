package org.audiomaepp.harness.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintsTest {

    @TempDir
    Path tmp;

    @Test
    void aSmallCorpusWrittenAgainWithTheSameBytesKeepsItsFingerprint() throws Exception {
        Path corpus = corpus("a", new byte[] {1, 2, 3});
        Object before = Fingerprints.corpus(corpus).get("fingerprint");
        Files.setLastModifiedTime(corpus.resolve("sub/clip.wav"), FileTime.fromMillis(12345));
        assertEquals(before, Fingerprints.corpus(corpus).get("fingerprint"));
    }

    @Test
    void aSmallCorpusWithOtherBytesOfTheSameSizeGetsAnotherFingerprint() throws Exception {
        Object one = Fingerprints.corpus(corpus("a", new byte[] {1, 2, 3})).get("fingerprint");
        Object two = Fingerprints.corpus(corpus("b", new byte[] {1, 2, 4})).get("fingerprint");
        assertNotEquals(one, two);
    }

    @Test
    void theLocationOfACorpusIsNotPartOfItsFingerprint() throws Exception {
        Object one = Fingerprints.corpus(corpus("a", new byte[] {7})).get("fingerprint");
        Object two = Fingerprints.corpus(corpus("b", new byte[] {7})).get("fingerprint");
        assertEquals(one, two);
    }

    private Path corpus(String name, byte[] bytes) throws Exception {
        Path dir = tmp.resolve(name).resolve("corpus");
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/clip.wav"), bytes);
        return dir;
    }
}
