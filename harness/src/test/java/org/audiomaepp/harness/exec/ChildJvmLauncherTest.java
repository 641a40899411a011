package org.audiomaepp.harness.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.audiomaepp.harness.exec.LocalExecutor.Status;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.testing.Graphs;
import org.audiomaepp.harness.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler with every job in its own child JVM running {@code harness job}. */
class ChildJvmLauncherTest {

    /** Small, quick-starting child JVMs. */
    public static final List<String> CHILD_JVM = List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path tmp;

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void fakeStagesInChildren() {
        System.setProperty(StageRegistry.PROPERTY, FakeStages.class.getName());
    }

    @AfterEach
    void clear() {
        System.clearProperty(StageRegistry.PROPERTY);
    }

    LocalExecutor.Summary run(Store store, JobGraph g, int retries) throws InterruptedException {
        LocalExecutor ex = new LocalExecutor(store, new ChildJvmLauncher(store, CHILD_JVM),
                Slot.cpu(2, 2), retries, lines::add, Duration.ofMinutes(1));
        return ex.execute(g.jobs());
    }

    @Test
    void aJobAskedToEndStopsBetweenStepsAndAnEarlierCrashReportGoesToItsAttempt() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        org.audiomaepp.harness.jobs.JobSpec features = Graphs.of(Graphs.twoTasks(tmp)).jobs().get(0);
        store.create(features);
        Files.writeString(store.root().resolve(FakeStages.CONTROL), "features=steps\n");
        Path crash = Files.writeString(store.jobDir(features.id()).resolve("hs_err_pid4242.log"), "an earlier attempt's crash");
        Process p = new ProcessBuilder(new ChildJvmLauncher(store, CHILD_JVM).command(features, Slot.cpu(1, 1).get(0), 2))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(store.logFile(features.id()).toFile()))
                .start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(store.logFile(features.id())).contains("fake features stepping"));
            p.destroy();
            assertTrue(p.waitFor(org.audiomaepp.harness.jobs.JobStop.GRACE_SECONDS + 10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        FailureRecord f = store.readFailed(features.id()).orElseThrow(() -> new AssertionError("no FAILED record: "
                + store.logTail(features.id(), 20)));
        assertTrue(f.transientFailure(), f.toString());
        assertTrue(f.message().contains("stopped between steps"), f.message());
        assertTrue(!Files.exists(crash), "the crash report left the job's directory");
        assertEquals("an earlier attempt's crash",
                Files.readString(store.jobDir(features.id()).resolve("attempts/pid-4242/hs_err_pid4242.log")));
    }

    @Test
    void theChildCommandCarriesTheSlotsThreadsAndTheStageRegistry() {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        String id = g.jobs().get(1).id();
        List<String> cmd = new ChildJvmLauncher(store, List.of("-Xmx1g"))
                .command(g.jobs().get(1), Slot.gpus(List.of("1"), 4).get(0), 2);
        assertTrue(Files.isExecutable(Path.of(cmd.get(0))), cmd.get(0));
        assertTrue(cmd.contains("-Dai.djl.pytorch.num_threads=4"), cmd.toString());
        assertTrue(cmd.contains("-D" + StageRegistry.PROPERTY + "=" + FakeStages.class.getName()), cmd.toString());
        assertTrue(cmd.contains("-Xmx1g"));
        assertTrue(cmd.contains("-XX:ErrorFile=" + store.jobDir(id).toAbsolutePath().resolve("hs_err_pid%p.log")), cmd.toString());
        int job = cmd.indexOf("job");
        assertEquals(List.of("job", id, "--store", store.root().toString(), "--device", "gpu:0", "--threads", "4",
                "--attempt", "2", "--exit-with-parent"), cmd.subList(job, cmd.size()));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}.{1}: {2}")
    @org.junit.jupiter.params.provider.CsvSource({"pretrain, pretrain, tf32, 1", "embed, embedding, tf32, 1",
            "pretrain, pretrain, fp16, ", "embed, embedding, fp32, ", "probe, probe, tf32, "})
    void aTf32JobsJvmStartsWithTheCublasOverrideAndTheSlotsGpu(String stage, String section, String precision, String expected) {
        org.audiomaepp.harness.jobs.JobSpec job = new org.audiomaepp.harness.jobs.JobSpec(stage, "k",
                Map.of(section, Map.of("precision", precision)), List.of(), Map.of());
        Map<String, String> env = ChildJvmLauncher.environment(job, Slot.gpus(List.of("2"), 4).get(0));
        assertEquals(expected, env.get("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE"));
        assertEquals("2", env.get("CUDA_VISIBLE_DEVICES"));
    }

    @Test
    void onlyTheJvmOfATf32JobStartsWithTheCublasOverride() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(TestData.with(Graphs.twoTasks(tmp), "pretrain", "precision", "tf32"));
        LocalExecutor.Summary s = run(store, g, 0);
        assertTrue(s.ok(), s + "\n" + String.join("\n", lines));
        JobGraph.RunJobs r = g.runs().get(0);
        assertTrue(Files.readString(store.logFile(r.pretrain())).contains("sees TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1"));
        assertTrue(Files.readString(store.logFile(r.probe().get("t1"))).contains("sees TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=null"));
    }

    @Test
    void eachJobRunsInItsOwnJvmWithItsOutputInTheLog() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        LocalExecutor.Summary s = run(store, g, 0);
        assertTrue(s.ok(), s + "\n" + String.join("\n", lines));
        String probe = g.runs().get(0).probe().get("t2");
        Map<String, Object> done = store.readDone(probe).orElseThrow();
        assertNotEquals(ProcessHandle.current().pid(), ((Number) done.get("pid")).longValue());
        assertEquals(1, ((Number) done.get("threads")).intValue(), "two slots share two cores");
        assertTrue(Files.readString(store.logFile(probe)).contains("fake probe running task t2"));
    }

    @Test
    void aCrashedJvmIsRecordedAndAnExitCode75IsRetried() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        Map<String, Object> config = Graphs.twoTasks(tmp);
        Map<String, Object> crashT2 = TestData.with(TestData.with(config, "embedding", "fake", "halt:13"),
                "embedding", "fake_task", "t2");
        JobGraph g = Graphs.of(crashT2, TestData.with(config, "probe", "fake", "halt-once:75"));
        JobGraph.RunJobs crashing = g.runs().get(0);
        JobGraph.RunJobs retried = g.runs().get(1);

        LocalExecutor.Summary s = run(store, g, 1);

        String embedT2 = crashing.embed().get("t2");
        assertEquals(Status.FAILED, s.status().get(embedT2));
        assertEquals(Status.SKIPPED, s.status().get(crashing.probe().get("t2")));
        FailureRecord f = store.readFailed(embedT2).orElseThrow();
        assertEquals("exit code 13", f.exceptionClass());
        assertTrue(f.message().contains("exited with code 13"), f.message());
        assertTrue(f.logTail().contains("fake embed running task t2"), f.logTail());

        for (String probe : retried.probe().values()) {
            assertEquals(Status.DONE, s.status().get(probe));
            assertEquals(2L, FakeStages.runCounts(store.root()).get(probe), probe);
        }
        assertEquals(Status.DONE, s.status().get(crashing.probe().get("t1")));
    }
}
