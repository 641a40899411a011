package org.audiomaepp.harness.cli;

import static java.nio.file.attribute.PosixFilePermission.GROUP_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.sweep.SweepLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataTest {

    @TempDir
    Path tmp;

    @Test
    void pathsThatAreNotDirTasksAndDirCorpusAreRefusedBeforeAnythingIsWritten() throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> prepare(tmp.resolve("a/tasks"), tmp.resolve("b/corpus")));
        assertTrue(e.getMessage().contains("set tasks.dir: DIR/tasks and pretrain.corpus: DIR/corpus"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("a")));
    }

    @Test
    void aDirectoryHoldingOtherFilesIsNotOverwritten() throws Exception {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mine.txt"), "keep");
        BadInputException e = assertThrows(BadInputException.class, () -> prepare(dir.resolve("tasks"), dir.resolve("corpus")));
        assertTrue(e.getMessage().contains("delete it to have it generated again"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("mine.txt")));
    }

    @Test
    void theCorpusHasTheClipsTheSweepAsksForAndAnotherSizeIsNotTakenForIt() throws Exception {
        Path dir = tmp.resolve("data");
        prepare(dir.resolve("tasks"), dir.resolve("corpus"), "corpus_clips: 70");
        try (Stream<Path> clips = Files.list(dir.resolve("corpus"))) {
            assertEquals(70, clips.count());
        }
        prepare(dir.resolve("tasks"), dir.resolve("corpus"), "corpus_clips: 70");
        BadInputException e = assertThrows(BadInputException.class, () -> prepare(dir.resolve("tasks"), dir.resolve("corpus")));
        assertTrue(e.getMessage().contains("holds 70 clips, the sweep asks for 64 (synthetic.corpus_clips): delete " + dir),
                e.getMessage());
    }

    @Test
    void whatAKilledGenerationLeftIsRemovedByTheNextRunAndTheDataFollowsTheUmask() throws Exception {
        Path dir = tmp.resolve("data");
        Path killedBefore = Files.createDirectories(tmp.resolve(".tmp-data-1b2c/tasks"));
        prepare(dir.resolve("tasks"), dir.resolve("corpus"));
        assertFalse(Files.exists(killedBefore.getParent()), "removed before generating again");
        Path killedAfter = Files.createDirectories(tmp.resolve(".tmp-data-3d4e/corpus"));
        prepare(dir.resolve("tasks"), dir.resolve("corpus"));
        assertFalse(Files.exists(killedAfter.getParent()), "removed when the data is already complete");

        Path plainDir = Files.createDirectory(tmp.resolve("plain"));
        Path plainFile = Files.createFile(tmp.resolve("plain.txt"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getPosixFilePermissions(plainDir).contains(GROUP_READ),
                "a umask that lets the group read");
        for (Path p : List.of(dir, dir.resolve("tasks"), dir.resolve("corpus"))) {
            assertEquals(Files.getPosixFilePermissions(plainDir), Files.getPosixFilePermissions(p), p.toString());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertEquals(Files.getPosixFilePermissions(plainFile), Files.getPosixFilePermissions(f), f.toString());
            }
        }
    }

    @Test
    void aSweepThatStartsFromACheckpointGetsTheTasksWithoutNamingACorpus() throws Exception {
        Path dir = tmp.resolve("data");
        Path weights = Files.writeString(tmp.resolve("model.bin"), "weights");
        Path sweep = Files.writeString(tmp.resolve("s.yaml"), """
                name: s
                synthetic: { scale: tiny }
                base:
                  model: { preset: micro }
                  pretrain: { from: %s }
                  tasks: { dir: %s, suite: synth10 }
                """.formatted(weights, dir.resolve("tasks")));
        new SyntheticData().prepare(SweepLoader.load(sweep, Map.of()), new PrintWriter(new StringWriter()));
        assertTrue(Files.isDirectory(dir.resolve("tasks")));
    }

    private void prepare(Path tasks, Path corpus) throws Exception {
        prepare(tasks, corpus, "seed: 0");
    }

    private void prepare(Path tasks, Path corpus, String synthetic) throws Exception {
        Path sweep = Files.writeString(tmp.resolve("s.yaml"), """
                name: s
                synthetic: { scale: tiny, %s }
                base:
                  model: { preset: micro }
                  pretrain: { corpus: %s, epochs: 1, batch_size: 4, warmup_epochs: 0 }
                  tasks: { dir: %s, suite: synth10 }
                """.formatted(synthetic, corpus, tasks));
        new SyntheticData().prepare(SweepLoader.load(sweep, Map.of()), new PrintWriter(new StringWriter()));
    }
}
