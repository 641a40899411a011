package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.audiomaepp.tasks.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TasksCommandTest {

    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** A 3-fold task with two 0.5 s clips per fold. */
    private Path task(String name) throws IOException {
        Path dir = root.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("task_metadata.json"), """
                {"task_name": "toy", "version": "v1", "mode": "full", "embedding_type": "scene",
                 "prediction_type": "multiclass", "split_mode": "new_split_kfold", "nfolds": 3,
                 "sample_duration": 0.5, "evaluation": ["top1_acc"], "splits": ["fold00", "fold01", "fold02"]}
                """);
        Files.writeString(dir.resolve("labelvocabulary.csv"), "idx,label\n0,a\n1,b\n");
        for (String fold : new String[] {"fold00", "fold01", "fold02"}) {
            Files.writeString(dir.resolve(fold + ".json"), "{\"x.wav\": [\"a\"], \"y.wav\": [\"b\"]}");
            WavWriter.writePcm16(dir.resolve("16000").resolve(fold).resolve("x.wav"), new float[8000], 16000);
            WavWriter.writePcm16(dir.resolve("16000").resolve(fold).resolve("y.wav"), new float[8000], 16000);
        }
        return dir;
    }

    @Test
    void aValidTaskExitsZeroWithASummary() throws IOException {
        Path dir = task("toy-v1-full");
        assertEquals(0, run("tasks", "check", dir.toString()), err.toString());
        String s = out.toString();
        assertTrue(s.contains("toy-v1-full: OK"), s);
        assertTrue(s.contains("new_split_kfold, 3 folds, 3 train/valid/test rotations"), s);
        assertTrue(s.contains("fold00 2, fold01 2, fold02 2 (6 total)"), s);
        assertTrue(s.contains("2 classes"), s);
        assertTrue(s.contains("0.50-0.50 s"), s);
        assertTrue(s.contains("top1_acc (primary)"), s);
        assertTrue(s.contains("multiclass"), s);
    }

    @Test
    void aTaskWithAProblemExitsOneAndListsIt() throws IOException {
        Path good = task("good-v1-full");
        Path bad = task("bad-v1-full");
        Files.delete(bad.resolve("16000/fold01/y.wav"));
        Files.writeString(bad.resolve("fold02.json"), "{\"x.wav\": [\"zebra\"], \"y.wav\": [\"b\"]}");
        assertEquals(1, run("tasks", "check", good.toString(), bad.toString()));
        String s = out.toString();
        assertTrue(s.contains("bad-v1-full: 2 error(s)"), s);
        assertTrue(s.contains("are not here: y.wav"), s);
        assertTrue(s.contains("zebra"), s);
        assertTrue(s.contains("2 task(s) checked: 1 usable, 1 with errors"), s);
    }

    @Test
    void warningsAloneStillExitZero() throws IOException {
        Path dir = task("warn-v1-full");
        WavWriter.writePcm16(dir.resolve("16000/fold00/stray.wav"), new float[10], 16000);
        assertEquals(0, run("tasks", "check", dir.toString()));
        assertTrue(out.toString().contains("OK, 1 warning(s)"), out.toString());
        assertTrue(out.toString().contains("warning:"), out.toString());
    }

    @Test
    void aPathThatDoesNotExistIsBadUsage() {
        assertEquals(2, run("tasks", "check", root.resolve("nope").toString()));
        assertTrue(err.toString().contains("not a directory"), err.toString());
    }

    @Test
    void noDirectoryIsBadUsage() {
        assertEquals(2, run("tasks", "check"));
        assertEquals(2, run("tasks"));
    }
}
