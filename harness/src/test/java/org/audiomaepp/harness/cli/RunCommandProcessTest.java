package org.audiomaepp.harness.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.audiomaepp.harness.exec.FakeStages;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.JobState;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness run} as a real process whose jobs run in real child JVMs with fake stages:
 * resume after SIGKILL, two runs on one store, SIGTERM, failures.
 */
class RunCommandProcessTest {

    static final Duration LONG = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    Path sweep;
    Path store1;
    Path store2;

    @BeforeEach
    void data() {
        Path corpus = TestData.corpus(tmp);
        Path tasks = TestData.tasks(tmp, "t1", "t2");
        sweep = HarnessProcess.sweep(tmp, corpus, tasks, List.of("t1", "t2"));
        store1 = tmp.resolve("results1/store");
        store2 = tmp.resolve("results2/store");
    }

    @Test
    void aRunKilledWithSigkillResumesWithOnlyTheMissingJobsAndTheSameBytes() throws Exception {
        Files.createDirectories(store1);
        Files.writeString(store1.resolve(FakeStages.CONTROL), "probe.t2=gate\n");
        Path out = tmp.resolve("run1.txt");
        Process first = HarnessProcess.start(out, HarnessProcess.run(sweep, store1));
        Store s = new Store(store1);
        List<JobSpec> jobs = jobs();
        await().atMost(LONG).until(() -> jobs.stream().anyMatch(j -> s.isDone(j.id()))
                && jobs.stream().anyMatch(j -> s.state(j.id()) == JobState.RUNNING && "t2".equals(j.config().get("task"))));
        first.destroyForcibly();
        assertTrue(first.waitFor(1, TimeUnit.MINUTES));
        await().atMost(LONG).until(() -> jobs.stream().noneMatch(j -> s.isLocked(j.id())));

        List<String> doneBefore = jobs.stream().map(JobSpec::id).filter(s::isDone).toList();
        assertTrue(doneBefore.size() < jobs.size(), "the kill came before the end");
        Files.writeString(store1.resolve("gate"), "open");

        Process second = HarnessProcess.start(tmp.resolve("run2.txt"), HarnessProcess.run(sweep, store1));
        assertTrue(second.waitFor(LONG.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), Files.readString(tmp.resolve("run2.txt")));
        Map<String, Long> runs = FakeStages.runCounts(store1);
        for (String id : doneBefore) {
            assertEquals(1L, runs.get(id), "done before the kill, must not run again: " + id);
        }
        jobs.forEach(j -> assertTrue(s.isDone(j.id()), j.id()));

        Process clean = HarnessProcess.start(tmp.resolve("clean.txt"), HarnessProcess.run(sweep, store2));
        assertTrue(clean.waitFor(LONG.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, clean.exitValue(), Files.readString(tmp.resolve("clean.txt")));
        Store other = new Store(store2);
        for (JobSpec j : jobs) {
            assertTreesEqual(s.outputDir(j.id()), other.outputDir(j.id()));
        }
        assertTrue(Files.isRegularFile(store1.resolveSibling("sweeps/fake-sweep/manifest.json")));
    }

    @Test
    void twoRunsOnOneStoreNeverRunTheSameJobTwice() throws Exception {
        sweep = HarnessProcess.sweep(tmp, tmp.resolve("corpus"), tmp.resolve("tasks"), List.of("t1"));
        Process a = HarnessProcess.start(tmp.resolve("a.txt"), HarnessProcess.run(sweep, store1));
        Process b = HarnessProcess.start(tmp.resolve("b.txt"), HarnessProcess.run(sweep, store1));
        assertTrue(a.waitFor(LONG.toSeconds(), TimeUnit.SECONDS));
        assertTrue(b.waitFor(LONG.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, a.exitValue(), Files.readString(tmp.resolve("a.txt")));
        assertEquals(0, b.exitValue(), Files.readString(tmp.resolve("b.txt")));
        Map<String, Long> runs = FakeStages.runCounts(store1);
        List<JobSpec> jobs = jobs();
        assertEquals(jobs.size(), runs.size());
        jobs.forEach(j -> assertEquals(1L, runs.get(j.id()), j.id()));
        assertEquals(jobs.size(), ranNow(tmp.resolve("a.txt")) + ranNow(tmp.resolve("b.txt")),
                "each job is reported as run by exactly one of the two");
    }

    private static int ranNow(Path output) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("finished: (\\d+) run now").matcher(Files.readString(output));
        assertTrue(m.find(), Files.readString(output));
        return Integer.parseInt(m.group(1));
    }

    @Test
    void sigtermStopsTheChildrenAndLeavesTheStoreConsistent() throws Exception {
        Files.createDirectories(store1);
        Files.writeString(store1.resolve(FakeStages.CONTROL), "probe=gate\n");
        Path out = tmp.resolve("run.txt");
        Process run = HarnessProcess.start(out, HarnessProcess.run(sweep, store1));
        Store s = new Store(store1);
        List<JobSpec> jobs = jobs();
        List<JobSpec> probes = jobs.stream().filter(j -> j.stage().equals("probe")).toList();
        await().atMost(LONG).until(() -> probes.stream().anyMatch(j -> s.state(j.id()) == JobState.RUNNING));
        List<ProcessHandle> children = run.descendants().toList();
        assertFalse(children.isEmpty());

        run.destroy();
        assertTrue(run.waitFor(2, TimeUnit.MINUTES));
        children.forEach(c -> assertFalse(c.isAlive(), "child " + c.pid() + " survived"));
        for (JobSpec j : jobs) {
            assertFalse(s.isLocked(j.id()), "lock left on " + j.id());
            assertTrue(s.state(j.id()) == JobState.DONE || s.state(j.id()) == JobState.PENDING, j.id() + " " + s.state(j.id()));
        }
        probes.forEach(p -> assertFalse(s.isDone(p.id()), p.id()));
        assertTrue(Files.readString(out).contains("stopped"), Files.readString(out));

        Files.writeString(store1.resolve("gate"), "open");
        Process again = HarnessProcess.start(tmp.resolve("again.txt"), HarnessProcess.run(sweep, store1));
        assertTrue(again.waitFor(LONG.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), Files.readString(tmp.resolve("again.txt")));
    }

    @Test
    void aFailingJobSkipsItsDependentsExitsOneAndStatusShowsWhy() throws Exception {
        Files.createDirectories(store1);
        Files.writeString(store1.resolve(FakeStages.CONTROL), "embed.t1=fail\n");
        Path out = tmp.resolve("run.txt");
        Process run = HarnessProcess.start(out, HarnessProcess.run(sweep, store1));
        assertTrue(run.waitFor(LONG.toSeconds(), TimeUnit.SECONDS));
        String text = Files.readString(out);
        assertEquals(1, run.exitValue(), text);
        assertTrue(text.contains("finished: 7 run now, 0 done before, 2 failed, 2 skipped"), text);
        assertTrue(text.contains("fake failure of embed/"), text);

        Store s = new Store(store1);
        for (JobSpec j : jobs()) {
            boolean t1Chain = "t1".equals(j.config().get("task"));
            assertEquals(!t1Chain, s.isDone(j.id()), j.id());
        }

        Path status = tmp.resolve("status.txt");
        Process st = HarnessProcess.start(status, "status", sweep.toString(), "--store", store1.toString());
        assertTrue(st.waitFor(LONG.toSeconds(), TimeUnit.SECONDS));
        String statusText = Files.readString(status);
        assertEquals(0, st.exitValue(), statusText);
        assertTrue(statusText.contains("total: {done=7, failed=2, pending=2}"), statusText);
        assertTrue(statusText.contains("): fake failure of embed/"), statusText);
        assertFalse(statusText.contains("java.lang."), "no Java class names in failure lines: " + statusText);
    }

    /** The sweep's jobs, as the run computes them. */
    private List<JobSpec> jobs() {
        JobGraph g = new JobGraph(new FakeStages().get(), SweepJobs.projectVersion());
        org.audiomaepp.harness.sweep.SweepLoader.load(sweep, Map.of()).runs().forEach(r -> g.addRun(r.name(), r.config()));
        assertEquals(3 + 4 * g.runs().get(0).probe().size(), g.jobs().size());
        return g.jobs();
    }

    private static void assertTreesEqual(Path a, Path b) throws Exception {
        List<Path> filesA;
        List<Path> filesB;
        try (Stream<Path> s = Files.walk(a)) {
            filesA = s.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
        }
        try (Stream<Path> s = Files.walk(b)) {
            filesB = s.filter(Files::isRegularFile).map(b::relativize).sorted().toList();
        }
        assertEquals(filesA, filesB);
        assertFalse(filesA.isEmpty());
        for (Path f : filesA) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
        }
    }
}
