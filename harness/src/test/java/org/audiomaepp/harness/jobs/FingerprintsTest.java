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

    @Test
    void aCorpusAssembledFromLinksHasTheFingerprintOfItsCopy() throws Exception {
        Path copy = corpus("a", new byte[] {5, 6});
        Path linked = Files.createDirectories(tmp.resolve("linked").resolve("corpus"));
        Files.createSymbolicLink(linked.resolve("sub"), copy.resolve("sub"));
        assertEquals(Fingerprints.corpus(copy).get("fingerprint"), Fingerprints.corpus(linked).get("fingerprint"));
    }

    @Test
    void aTaskDirectoryReachedThroughALinkListsTheFilesItLinksTo() throws Exception {
        Path real = tmp.resolve("disk").resolve("task");
        Files.createDirectories(real.resolve("16000/fold00"));
        Files.writeString(real.resolve("task_metadata.json"), "{}");
        Files.write(real.resolve("16000/fold00/a.wav"), new byte[] {1});
        Path tasks = Files.createDirectories(tmp.resolve("tasks"));
        Path link = Files.createSymbolicLink(tasks.resolve("task"), real);
        Object before = Fingerprints.task(link);
        assertEquals(Fingerprints.task(real), before);
        Files.write(real.resolve("16000/fold00/b.wav"), new byte[] {2});
        assertNotEquals(before, Fingerprints.task(link), "a clip added behind the link changes the key");
        assertEquals(Fingerprints.task(real), Fingerprints.task(link));
    }

    private Path corpus(String name, byte[] bytes) throws Exception {
        Path dir = tmp.resolve(name).resolve("corpus");
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/clip.wav"), bytes);
        return dir;
    }
}
