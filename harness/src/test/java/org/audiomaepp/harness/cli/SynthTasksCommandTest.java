package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audiomaepp.tasks.hear.KnownTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthTasksCommandTest {

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

    @Test
    void writesTheSynth10SuiteThatTasksCheckAccepts() {
        Path dir = root.resolve("synth");
        assertEquals(0, run("synth-tasks", "--out", dir.toString(), "--seed", "5"), err.toString());
        assertTrue(out.toString().contains("synth_esc50-v1.0.0-tiny"), out.toString());
        assertTrue(Files.isRegularFile(dir.resolve("README.txt")));
        assertTrue(Files.isDirectory(dir.resolve("corpus")));

        List<String> args = new ArrayList<>(List.of("tasks", "check"));
        KnownTasks.resolve("synth10").forEach(name -> args.add(dir.resolve("tasks").resolve(name).toString()));
        assertEquals(0, run(args.toArray(String[]::new)), out.toString());
        assertTrue(out.toString().contains("10 task(s) checked: 10 usable, 0 with errors"), out.toString());
        assertTrue(out.toString().contains("paper task F50K (fsd50k), synthetic stand-in"), out.toString());

        assertEquals(2, run("synth-tasks", "--out", dir.toString()));
        assertTrue(err.toString().contains("--overwrite"), err.toString());
    }

    @Test
    void anUnknownScaleIsBadUsage() {
        assertEquals(2, run("synth-tasks", "--out", root.toString(), "--scale", "huge"));
        assertTrue(err.toString().contains("use tiny or small"), err.toString());
    }

    @Test
    void aCorpusOfNoClipsIsBadUsageAndWritesNothing() {
        Path dir = root.resolve("none");
        assertEquals(2, run("synth-tasks", "--out", dir.toString(), "--corpus-clips", "0"));
        assertTrue(err.toString().contains("--corpus-clips must be at least 1"), err.toString());
        assertTrue(Files.notExists(dir));
    }
}
