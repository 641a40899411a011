package org.audiomaepp.harness.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.exec.LocalExecutor.Status;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.store.JobState;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.testing.Graphs;
import org.audiomaepp.harness.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scheduler with jobs run on threads of the test JVM. */
class LocalExecutorTest {

    @TempDir
    Path tmp;

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    LocalExecutor.Summary run(Store store, JobGraph g, int slots, int retries) throws InterruptedException {
        LocalExecutor ex = new LocalExecutor(store, new InProcessLauncher(store, new FakeStages().get()),
                Slot.cpu(slots, 2), retries, lines::add, Duration.ofMinutes(1));
        return ex.execute(g.jobs());
    }

    @Test
    void runsEveryJobOnceAndASecondRunFindsAllDone() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        Map<String, Object> config = Graphs.twoTasks(tmp);
        JobGraph g = Graphs.of(config, TestData.with(config, "probe", "grid", "full"));
        assertEquals(1 + 1 + 2 + 4, g.jobs().size(), "shared features, pretrain and embed jobs");

        LocalExecutor.Summary first = run(store, g, 2, 0);
        assertTrue(first.ok(), first.toString());
        assertEquals(g.jobs().size(), first.with(Status.DONE).size());
        g.jobs().forEach(j -> assertEquals(1L, FakeStages.runCounts(store.root()).get(j.id()), j.id()));

        LocalExecutor.Summary second = run(store, Graphs.of(config, TestData.with(config, "probe", "grid", "full")), 2, 0);
        assertEquals(g.jobs().size(), second.with(Status.CACHED).size());
        g.jobs().forEach(j -> assertEquals(1L, FakeStages.runCounts(store.root()).get(j.id()), "ran again: " + j.id()));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\[\\d\\d:\\d\\d:\\d\\d] jobs: 8 done, 0 running, 0 failed, 0 skipped, 0 pending")),
                String.join("\n", lines));
    }

    @Test
    void aFailedJobSkipsItsDependentsAndEverythingElseFinishes() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        Map<String, Object> config = TestData.with(Graphs.twoTasks(tmp), "embedding", "fake", "fail");
        config = TestData.with(config, "embedding", "fake_task", "t1");
        JobGraph g = Graphs.of(config);
        JobGraph.RunJobs r = g.runs().get(0);

        LocalExecutor.Summary s = run(store, g, 2, 2);
        assertFalse(s.ok());
        assertEquals(List.of(r.embed().get("t1")), s.with(Status.FAILED));
        assertEquals(List.of(r.probe().get("t1")), s.with(Status.SKIPPED));
        assertEquals(Status.DONE, s.status().get(r.probe().get("t2")));
        assertTrue(s.messages().get(r.embed().get("t1")).contains("fake failure"), s.messages().toString());
        assertEquals(1L, FakeStages.runCounts(store.root()).get(r.embed().get("t1")), "not retried: not transient");

        assertEquals(JobState.FAILED, store.state(r.embed().get("t1")));
        assertFalse(store.isDone(r.embed().get("t1")));
        String tail = store.readFailed(r.embed().get("t1")).orElseThrow().logTail();
        assertTrue(tail.contains("fake failure"), tail);
    }

    @ParameterizedTest(name = "{0} transient failures, {1} retries -> {2}")
    @CsvSource({"1, 2, DONE", "2, 2, DONE", "3, 2, FAILED", "1, 0, FAILED"})
    void transientFailuresAreRetriedABoundedNumberOfTimes(int failures, int retries, Status expected) throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(TestData.with(Graphs.twoTasks(tmp), "pretrain", "fake", "transient:" + failures));
        String pretrain = g.runs().get(0).pretrain();

        LocalExecutor.Summary s = run(store, g, 1, retries);
        assertEquals(expected, s.status().get(pretrain));
        assertEquals(Math.min(failures, retries) + 1L, FakeStages.runCounts(store.root()).get(pretrain));
        if (expected == Status.FAILED) {
            assertTrue(store.readFailed(pretrain).orElseThrow().transientFailure());
            assertEquals(4, s.with(Status.SKIPPED).size());
        }
    }

    @Test
    void neverRunsMoreJobsThanSlotsNorAJobBeforeItsParents() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        Map<String, Object> config = Graphs.twoTasks(tmp);
        JobGraph g = Graphs.of(config, TestData.with(config, "model", "block", "vanilla"),
                TestData.with(config, "pretrain", "seed", 1));
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> early = Collections.synchronizedList(new ArrayList<>());
        JobLauncher inner = new InProcessLauncher(store, new FakeStages().get());
        JobLauncher counting = new JobLauncher() {
            @Override
            public Outcome launch(JobSpec job, Slot slot, int attempt) throws InterruptedException {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                job.parents().stream().filter(p -> !store.isDone(p)).forEach(early::add);
                try {
                    return inner.launch(job, slot, attempt);
                } finally {
                    now.decrementAndGet();
                }
            }

            @Override
            public void stopAll() {}
        };
        LocalExecutor.Summary s = new LocalExecutor(store, counting, Slot.cpu(3, 3), 0, lines::add, Duration.ofMinutes(1))
                .execute(g.jobs());
        assertTrue(s.ok(), s.toString());
        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertEquals(List.of(), early);
    }

    @Test
    void doneRecordCarriesProvenance() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        run(store, g, 1, 0);
        String probe = g.runs().get(0).probe().get("t1");
        Map<String, Object> done = store.readDone(probe).orElseThrow();
        for (String field : List.of("id", "stage", "key", "config", "parents", "key_material", "rerun", "git_commit",
                "versions", "device", "precision", "threads", "host", "pid", "start", "end", "wall_seconds", "exit_status")) {
            assertTrue(done.containsKey(field), field);
        }
        assertEquals("harness job " + probe + " --store " + store.root(), done.get("rerun"));
        assertEquals("cpu", done.get("device"));
        assertTrue(Files.readString(store.logFile(probe)).contains("[progress] fake steps 3/3"));
    }
}
