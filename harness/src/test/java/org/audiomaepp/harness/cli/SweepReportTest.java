package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.harness.exec.FakeStages;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.report.RunProvenance;
import org.audiomaepp.harness.report.RunProvenance.TaskState;
import org.audiomaepp.harness.report.RunsJson;
import org.audiomaepp.harness.report.ScoreRow;
import org.audiomaepp.harness.report.ScoresCsv;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.sweep.Run;
import org.audiomaepp.harness.sweep.SweepLoader;
import org.audiomaepp.harness.testing.ScoringFakeStages;
import org.audiomaepp.harness.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run}, {@code report SWEEP.yaml} and {@code check SWEEP.yaml} over a sweep of two runs × two
 * tasks whose jobs run in this JVM with fake stages that leave probe scores.
 */
class SweepReportTest {

    @TempDir
    Path tmp;

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path sweep;
    Path store;
    Path results;
    List<String> runNames;

    @BeforeEach
    void sweepOverFakeStages() throws Exception {
        System.setProperty(StageRegistry.PROPERTY, ScoringFakeStages.class.getName());
        Path tasks = TestData.tasks(tmp, "t1", "t2");
        // t2 stands in for ESC-50, as a synthetic task does.
        Path metadata = tasks.resolve("t2/task_metadata.json");
        Files.writeString(metadata, Files.readString(metadata).replaceFirst("\\{",
                "{\"synthetic_counterpart\": \"esc50-v2.0.0-full\", "));
        sweep = HarnessProcess.sweep(tmp, TestData.corpus(tmp), tasks, List.of("t1", "t2"));
        store = Files.createDirectories(tmp.resolve("results/store"));
        results = tmp.resolve("results/sweeps/fake-sweep");
        runNames = SweepLoader.load(sweep, Map.of()).runs().stream().map(Run::name).toList();
    }

    @AfterEach
    void clear() {
        System.clearProperty(StageRegistry.PROPERTY);
    }

    int harness(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    int run(Path storeDir) {
        return harness("run", sweep.toString(), "--store", storeDir.toString(), "--in-process", "--progress-every", "600");
    }

    Map<String, RunProvenance> runsJson(Path dir) {
        return RunsJson.read(dir.resolve("runs.json")).runs().stream()
                .collect(Collectors.toMap(RunProvenance::name, r -> r));
    }

    @Test
    void runWritesScoresProvenanceAndTheReportOfEveryRunAndTask() throws Exception {
        assertEquals(0, run(store), out + "\n" + err);
        assertTrue(out.toString().contains("report: " + results.resolve("report.html")), out.toString());
        assertTrue(out.toString().matches("(?s).*jobs: 11 done, .* jobs/min, ETA .*"), "no terminal: plain lines with rate and ETA");

        List<ScoreRow> scores = ScoresCsv.read(results.resolve("scores.csv"));
        assertEquals(2 * 2 * 2 * 2, scores.size(), "runs × tasks × seeds × metrics");
        assertEquals(8, scores.stream().filter(ScoreRow::primary).count());
        assertTrue(scores.stream().filter(ScoreRow::primary).allMatch(r -> r.metric().hearName().equals("top1_acc")));
        assertEquals(runNames, scores.stream().map(ScoreRow::run).distinct().toList());
        assertTrue(scores.stream().filter(r -> r.task().equals("t2")).allMatch(r -> r.paperTask().equals("esc50")));
        assertTrue(scores.stream().filter(r -> r.task().equals("t1")).allMatch(r -> r.paperTask().isEmpty()));

        Map<String, RunProvenance> runs = runsJson(results);
        assertEquals(runNames.size(), runs.size());
        Store s = new Store(store);
        for (RunProvenance r : runs.values()) {
            assertEquals(Map.of("t1", TaskState.DONE, "t2", TaskState.DONE), r.tasks().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().state())));
            assertEquals(List.of(1, 1, 2, 2), StageRegistry.STAGES.stream().map(st -> r.jobKeys().get(st).size()).toList());
            assertEquals("cpu (" + org.audiomaepp.harness.exec.CpuKernels.capability() + ")", r.device(), "with the kernels' level");
            assertTrue(r.wallSeconds().keySet().containsAll(StageRegistry.STAGES), r.wallSeconds().toString());
            assertTrue(r.command().startsWith("harness run " + sweep), r.command());
            assertTrue(s.isDone("probe/" + r.jobKeys().get("probe").get(0)));
        }
        assertTrue(Files.readString(results.resolve("runs.json")).contains("harness job probe/"));
        String html = Files.readString(results.resolve("report.html"));
        runNames.forEach(n -> assertTrue(html.contains(n), n));
        assertTrue(Files.exists(results.resolve("summary.csv")));
        assertTrue(Files.exists(results.resolve("manifest.json")));
    }

    @Test
    void aFailedProbeJobIsAMarkedCellAndTheRunStillReportsAndExitsOne() throws Exception {
        Files.writeString(store.resolve(FakeStages.CONTROL), "probe.t1=fail\n");
        assertEquals(1, run(store), out.toString());
        assertTrue(out.toString().contains("report: "), out.toString());
        assertTrue(Files.exists(results.resolve("report.html")));
        for (RunProvenance r : runsJson(results).values()) {
            RunProvenance.TaskStatus t1 = r.tasks().get("t1");
            assertEquals(TaskState.FAILED, t1.state());
            assertTrue(t1.message().contains("fake failure of probe/"), t1.message());
            assertEquals(TaskState.DONE, r.tasks().get("t2").state());
        }
        assertTrue(ScoresCsv.read(results.resolve("scores.csv")).stream().noneMatch(r -> r.task().equals("t1")));
    }

    @Test
    void aTaskWhoseEmbeddingFailedIsMarkedSkippedNamingTheParent() throws Exception {
        Files.writeString(store.resolve(FakeStages.CONTROL), "embed.t1=fail\n");
        assertEquals(1, run(store), out.toString());
        for (RunProvenance r : runsJson(results).values()) {
            RunProvenance.TaskStatus t1 = r.tasks().get("t1");
            assertEquals(TaskState.FAILED, t1.state());
            assertTrue(t1.message().startsWith("skipped: parent embed/"), t1.message());
            assertTrue(t1.message().contains("fake failure of embed/"), t1.message());
        }
    }

    @Test
    void everyJobFailingStillLeavesAReportWithEveryCellMarked() throws Exception {
        Files.writeString(store.resolve(FakeStages.CONTROL), "pretrain=fail\n");
        assertEquals(1, run(store), out.toString());
        assertTrue(Files.exists(results.resolve("report.html")), out.toString());
        runsJson(results).values().forEach(r -> r.tasks().values().forEach(t -> assertEquals(TaskState.FAILED, t.state())));
    }

    @Test
    void reportFromTheSweepFileRegeneratesTheSameSummaryWithoutRunningJobs() throws Exception {
        assertEquals(0, run(store), out.toString());
        String summary = Files.readString(results.resolve("summary.csv"));
        Map<String, Long> ran = FakeStages.runCounts(store);
        for (String f : List.of("scores.csv", "runs.json", "summary.csv", "report.html")) {
            Files.delete(results.resolve(f));
        }

        assertEquals(0, harness("report", sweep.toString(), "--store", store.toString()), err.toString());
        assertEquals(summary, Files.readString(results.resolve("summary.csv")));
        assertTrue(Files.exists(results.resolve("report.html")));
        assertEquals(ran, FakeStages.runCounts(store), "report runs no job");
    }

    @Test
    void reportMarksCellsOfJobsNotInTheStoreAsMissing() throws Exception {
        assertEquals(0, run(store), out.toString());
        String probeT1 = runsJson(results).get(runNames.get(0)).jobKeys().get("probe").get(0);
        FileTrees.deleteTree(store.resolve("probe").resolve(probeT1));

        assertEquals(0, harness("report", sweep.toString(), "--store", store.toString()), err.toString());
        RunProvenance.TaskStatus cell = runsJson(results).get(runNames.get(0)).tasks().values().stream()
                .filter(t -> t.state() != TaskState.DONE).findFirst().orElseThrow();
        assertEquals(TaskState.MISSING, cell.state());
        assertTrue(cell.message().startsWith("not run yet"), cell.message());
    }

    @Test
    void checkPassesOnItsOwnBaselineFailsWhenAScoreMovesAndAcceptRewritesIt() throws Exception {
        Path baseline = tmp.resolve("baselines/fake.csv");
        assertEquals(0, run(store), out.toString());
        assertEquals(0, harness("check", sweep.toString(), "--store", store.toString(), "--baseline", baseline.toString(),
                "--accept"), err.toString());
        String accepted = Files.readString(baseline);
        assertEquals(0, harness("check", sweep.toString(), "--store", store.toString(), "--baseline", baseline.toString()),
                out + "\n" + err);

        // The same sweep on another store, with probe scores 0.05 lower: what a regression looks like.
        Path store2 = Files.createDirectories(tmp.resolve("results2/store"));
        Files.writeString(store2.resolve(FakeStages.CONTROL), "score.offset=-0.05\n");
        assertEquals(0, run(store2), out.toString());
        assertEquals(1, harness("check", sweep.toString(), "--store", store2.toString(), "--baseline", baseline.toString()));
        String table = out.toString();
        runNames.forEach(n -> assertTrue(table.contains(n), table));
        assertTrue(table.contains("t2"), table);

        assertEquals(0, harness("check", sweep.toString(), "--store", store2.toString(), "--baseline", baseline.toString(),
                "--accept"), err.toString());
        assertTrue(!accepted.equals(Files.readString(baseline)), "the baseline was rewritten");
        assertEquals(0, harness("check", sweep.toString(), "--store", store2.toString(), "--baseline", baseline.toString()));
        // The directory form still works on the results the sweep form wrote.
        assertEquals(0, harness("check", tmp.resolve("results2/sweeps/fake-sweep").toString(), "--baseline", baseline.toString()));
    }
}
