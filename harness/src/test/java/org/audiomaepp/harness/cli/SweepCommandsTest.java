package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audiomaepp.harness.exec.FakeStages;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.testing.Graphs;
import org.audiomaepp.harness.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** plan, run --dry-run, run without data, and job, in this JVM. */
class SweepCommandsTest {

    @TempDir
    Path tmp;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void fakeStages() {
        System.setProperty(StageRegistry.PROPERTY, FakeStages.class.getName());
    }

    @AfterEach
    void clear() {
        System.clearProperty(StageRegistry.PROPERTY);
    }

    int harness(String... args) {
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void planWorksWithoutTheDataAndMarksKeysProvisional() {
        Path sweep = HarnessProcess.sweep(tmp, tmp.resolve("no-corpus"), tmp.resolve("no-tasks"), List.of("E50", "SC-5h"));
        assertEquals(0, harness("plan", sweep.toString(), "--store", tmp.resolve("store").toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("2 runs, 11 jobs"), text);
        assertTrue(text.contains("task esc50-v2.0.0-full"), text);
        assertTrue(text.contains("~ provisional key"), text);
        assertTrue(text.contains("no-corpus: data not present"), text);
        assertTrue(text.contains("total: {pending=11}"), text);

        assertEquals(2, harness("run", sweep.toString(), "--store", tmp.resolve("store").toString()));
        assertTrue(err.toString().contains("data the sweep needs is not present"), err.toString());
        assertFalse(Files.exists(tmp.resolve("store")), "nothing was run or created");
    }

    @Test
    void dryRunPrintsThePlanAndRunsNothing() {
        Path sweep = HarnessProcess.sweep(tmp, TestData.corpus(tmp), TestData.tasks(tmp, "t1"), List.of("t1"));
        assertEquals(0, harness("run", sweep.toString(), "--dry-run", "--store", tmp.resolve("store").toString()));
        assertTrue(out.toString().contains("2 runs, 7 jobs"), out.toString());
        assertFalse(out.toString().contains("~"), out.toString());
        assertFalse(Files.exists(tmp.resolve("store")));
    }

    @Test
    void aTaskWithABadSplitEntryStopsPlanAndRunBeforeAnyJob() throws Exception {
        Path tasks = TestData.tasks(tmp, "t1", "t2");
        Files.writeString(tasks.resolve("t2/fold01.json"), "{\"../../x.wav\": [\"a\"], \"w.wav\": [\"b\"]}");
        Path sweep = HarnessProcess.sweep(tmp, TestData.corpus(tmp), tasks, List.of("t1", "t2"));
        for (List<String> cmd : List.of(List.of("plan"), List.of("run", "--dry-run"), List.of("run"))) {
            err.getBuffer().setLength(0);
            List<String> args = new java.util.ArrayList<>(cmd);
            args.addAll(List.of(sweep.toString(), "--store", tmp.resolve("store").toString()));
            assertEquals(2, harness(args.toArray(String[]::new)), cmd + ": " + err);
            assertTrue(err.toString().contains(tasks.resolve("t2") + ": 1 error(s)"), cmd + ": " + err);
            assertTrue(err.toString().contains("outside"), cmd + ": " + err);
            assertTrue(err.toString().contains("harness tasks check"), cmd + ": " + err);
        }
        assertFalse(Files.exists(tmp.resolve("store")), "nothing was run or created");
    }

    @Test
    void aStoreThatCannotBeWrittenIsBadInputBeforeAnything() throws Exception {
        Path sweep = HarnessProcess.sweep(tmp, TestData.corpus(tmp), TestData.tasks(tmp, "t1"), List.of("t1"));
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path under = file.resolve("store");
        assertEquals(2, harness("run", sweep.toString(), "--store", under.toString()), err.toString());
        assertTrue(err.toString().contains("error: store " + under + " is not writable"), err.toString());
        assertFalse(err.toString().contains("internal error"), err.toString());

        Path readOnly = Files.createDirectories(tmp.resolve("ro/store"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "root writes anywhere");
            err.getBuffer().setLength(0);
            assertEquals(2, harness("run", sweep.toString(), "--store", readOnly.toString()), err.toString());
            assertTrue(err.toString().contains("store " + readOnly + " is not writable (permission denied)"), err.toString());
            assertEquals(2, harness("job", "probe/" + "0".repeat(64), "--store", readOnly.toString()), err.toString());
        } finally {
            Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aSweepNameAlreadyUsedByAnotherSweepFileIsRefusedUnlessForced() throws Exception {
        Path sweep = HarnessProcess.sweep(tmp, TestData.corpus(tmp), TestData.tasks(tmp, "t1"), List.of("t1"));
        Path copy = Files.copy(sweep, Files.createDirectories(tmp.resolve("copy")).resolve("fake-sweep.yaml"));
        String store = tmp.resolve("results/store").toString();
        assertEquals(0, harness("run", sweep.toString(), "--store", store, "--in-process"), err.toString());
        Path manifest = tmp.resolve("results/sweeps/fake-sweep/manifest.json");
        assertTrue(Files.readString(manifest).contains(sweep.toRealPath().toString()), "the manifest names its sweep file");

        for (String cmd : List.of("run", "report")) {
            err.getBuffer().setLength(0);
            assertEquals(2, harness(cmd, copy.toString(), "--store", store), cmd + ": " + err);
            assertTrue(err.toString().contains("the sweep name `fake-sweep` is already used by " + sweep.toRealPath()),
                    cmd + ": " + err);
            assertTrue(err.toString().contains("give this sweep another `name:`"), err.toString());
            assertTrue(err.toString().contains("--force"), err.toString());
        }
        assertEquals(0, harness("run", sweep.toString(), "--store", store, "--in-process"), "its own file runs again");
        assertEquals(0, harness("run", copy.toString(), "--store", store, "--in-process", "--force"), err.toString());
        assertTrue(Files.readString(manifest).contains(copy.toRealPath().toString()), "taken over");
    }

    @Test
    void aBadSweepFileIsExitTwo() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: x\nbase:\n  model: { presett: micro }\n");
        assertEquals(2, harness("plan", bad.toString()));
        assertTrue(err.toString().contains("bad.yaml"), err.toString());
    }

    @Test
    void jobRunsOneJobFromTheStoreAlone() {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        g.jobs().forEach(store::create);
        JobSpec features = g.jobs().get(0);
        JobSpec pretrain = g.jobs().get(1);

        assertEquals(1, harness("job", pretrain.id(), "--store", store.root().toString()), "parent not done yet");
        assertTrue(store.readFailed(pretrain.id()).orElseThrow().message().contains("is not done"));

        assertEquals(0, harness("job", features.id(), "--store", store.root().toString()), err.toString());
        assertEquals(0, harness("job", pretrain.id(), "--store", store.root().toString()), err.toString());
        assertTrue(store.isDone(pretrain.id()));
        assertTrue(store.readFailed(pretrain.id()).isEmpty());
        assertEquals(0, harness("job", pretrain.id(), "--store", store.root().toString()), "already done");
        assertEquals(1L, FakeStages.runCounts(store.root()).get(pretrain.id()));

        assertEquals(2, harness("job", "probe/" + "0".repeat(64), "--store", store.root().toString()));
        assertTrue(err.toString().contains("no job probe/"), err.toString());
    }
}
