package org.audiomaepp.harness.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.harness.exec.InProcessLauncher;
import org.audiomaepp.harness.exec.LocalExecutor;
import org.audiomaepp.harness.exec.Slot;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.report.PretrainingJson;
import org.audiomaepp.harness.report.RunProvenance;
import org.audiomaepp.harness.report.RunProvenance.TaskState;
import org.audiomaepp.harness.report.ScoreRow;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.sweep.Run;
import org.audiomaepp.harness.sweep.Sweep;
import org.audiomaepp.harness.testing.ScoringFakeStages;
import org.audiomaepp.harness.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collecting results from a store whose jobs ran with fake stages, then were tampered with. */
class SweepResultsTest {

    @TempDir
    Path tmp;

    final StageRegistry stages = new ScoringFakeStages().get();
    Store store;

    @BeforeEach
    void store() {
        store = new Store(tmp.resolve("store"));
    }

    /** Runs named r0, r1, … over the configs; every job run to the end. */
    @SafeVarargs
    final Sweep runAll(JobGraph graph, Map<String, Object>... configs) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < configs.length; i++) {
            graph.addRun("r" + i, configs[i]);
            runs.add(new Run("r" + i, Map.of("probe.seeds", i), configs[i]));
        }
        LocalExecutor.Summary s = new LocalExecutor(store, new InProcessLauncher(store, stages), Slot.cpu(1, 1), 0,
                line -> { }, Duration.ofMinutes(1)).execute(graph.jobs());
        assertTrue(s.ok(), s.messages().toString());
        return new Sweep("s", "", Path.of("sweeps/s.yaml"), runs, List.of("probe.seeds"));
    }

    @Test
    void scoresThatAreNotNumbersAreLeftOutAndNamedInTheCell() throws Exception {
        JobGraph g = new JobGraph(stages, "test");
        Sweep sweep = runAll(g, TestData.config(TestData.corpus(tmp), TestData.tasks(tmp, "t1")));
        Path scores = store.outputDir(g.runs().get(0).probe().get("t1")).resolve("scores.csv");
        Files.writeString(scores, Files.readString(scores).replaceFirst("aucroc,[0-9.]+,", "aucroc,NaN,"));

        SweepResults r = SweepResults.collect(sweep, g, store);
        assertEquals(3, r.scores().size(), "2 seeds × 2 metrics, one of them NaN");
        RunProvenance.TaskStatus cell = r.runs().get(0).tasks().get("t1");
        assertEquals(TaskState.DONE, cell.state());
        assertTrue(cell.message().contains("seed 0 aucroc is NaN"), cell.message());
    }

    @Test
    void aDoneProbeJobWithoutScoresIsAFailedCellSayingWhy() throws Exception {
        JobGraph g = new JobGraph(stages, "test");
        Sweep sweep = runAll(g, TestData.config(TestData.corpus(tmp), TestData.tasks(tmp, "t1")));
        Files.delete(store.outputDir(g.runs().get(0).probe().get("t1")).resolve("scores.csv"));

        RunProvenance.TaskStatus cell = SweepResults.collect(sweep, g, store).runs().get(0).tasks().get("t1");
        assertEquals(TaskState.FAILED, cell.state());
        assertTrue(cell.message().contains("scores.csv does not exist"), cell.message());
    }

    @Test
    void aSyntheticTaskKeepsItsPaperColumnWhenItsDataIsGone() throws Exception {
        Path tasks = TestData.tasks(tmp, "synth_crema_d-v1.0.0-tiny", "other");
        JobGraph g = new JobGraph(stages, "test");
        Sweep sweep = runAll(g, TestData.config(TestData.corpus(tmp), tasks));
        FileTrees.deleteTree(tasks);

        List<ScoreRow> scores = SweepResults.collect(sweep, g, store).scores();
        assertTrue(scores.stream().filter(s -> s.task().startsWith("synth_")).allMatch(s -> s.paperTask().equals("crema_d")));
        assertTrue(scores.stream().filter(s -> s.task().equals("other")).allMatch(s -> s.paperTask().isEmpty()));
    }

    @Test
    void aJobSharedByTwoRunsCountsInTheWallTimeOfEach() throws Exception {
        Map<String, Object> base = TestData.config(TestData.corpus(tmp), TestData.tasks(tmp, "t1"));
        JobGraph g = new JobGraph(stages, "test");
        Sweep sweep = runAll(g, base, TestData.with(base, "probe", "seeds", 3));
        double features = ((Number) store.readDone(g.runs().get(0).features()).orElseThrow().get("wall_seconds")).doubleValue();

        List<RunProvenance> runs = SweepResults.collect(sweep, g, store).runs();
        assertEquals(g.runs().get(0).pretrain(), g.runs().get(1).pretrain(), "the runs share their pretraining");
        for (RunProvenance r : runs) {
            assertEquals(features, r.wallSeconds().get("features"), 1e-12, r.name());
        }
        assertEquals(3 * 2, SweepResults.collect(sweep, g, store).scores().stream().filter(s -> s.run().equals("r1")).count());
    }

    @Test
    void eachRunsPretrainingLogIsCutDownIntoPretrainingJsonAndARunWithoutOneSaysWhereItsModelCameFrom()
            throws Exception {
        Map<String, Object> base = TestData.config(TestData.corpus(tmp), TestData.tasks(tmp, "t1"));
        JobGraph g = new JobGraph(stages, "test");
        Sweep sweep = runAll(g, base, TestData.with(base, "pretrain", "seed", 7), TestData.with(base, "pretrain", "seed", 8));
        List<String> jobs = g.runs().stream().map(JobGraph.RunJobs::pretrain).toList();
        assertEquals(3, jobs.stream().distinct().count(), "three pretrain jobs");
        // r0: 1000 steps, loss 1000/step, lr step/1e6; r1: no log but an origin; r2: neither.
        StringBuilder log = new StringBuilder("step,epoch,loss,lr,clips_per_s,wall_s\n");
        for (int step = 1; step <= 1000; step++) {
            log.append(step).append(',').append(step / 100.0).append(',').append(1000.0 / step).append(',')
                    .append(step / 1e6).append(",10.0,").append(step).append('\n');
        }
        Files.writeString(store.outputDir(jobs.get(0)).resolve("train_log.csv"), log);
        Files.deleteIfExists(store.outputDir(jobs.get(1)).resolve("train_log.csv"));
        Files.writeString(store.outputDir(jobs.get(1)).resolve("pretrain.json"),
                "{\"origin\": \"checkpoint-99.pth (sha256 abc123)\"}");
        Files.deleteIfExists(store.outputDir(jobs.get(2)).resolve("train_log.csv"));

        SweepResults results = SweepResults.collect(sweep, g, store);
        results.write(tmp.resolve("results"));
        List<PretrainingJson.RunCurve> curves = PretrainingJson.read(tmp.resolve("results").resolve(PretrainingJson.FILE)).runs();

        PretrainingJson.RunCurve r0 = curves.get(0);
        assertEquals(jobs.get(0), r0.job());
        assertEquals(1000, r0.steps());
        assertEquals(PretrainingCurves.MAX_POINTS, r0.points().size(), "cut down to the bound");
        // 200 buckets of 5 steps: the first ends at step 5 with the mean loss of steps 1..5.
        PretrainingJson.Point first = r0.points().get(0);
        assertEquals(5, first.step());
        assertEquals((1000.0 + 500 + 1000.0 / 3 + 250 + 200) / 5, first.loss(), 1e-9);
        assertEquals(5e-6, first.lr(), 1e-15);
        assertEquals(1000, r0.points().get(r0.points().size() - 1).step(), "the last step is kept");
        assertEquals(null, r0.origin());

        assertTrue(curves.get(1).points().isEmpty());
        assertEquals("checkpoint-99.pth (sha256 abc123)", curves.get(1).origin());
        assertEquals(null, curves.get(2).origin());
        assertTrue(curves.get(2).note().contains("wrote no train_log.csv"), curves.get(2).note());
    }

    @Test
    void aShortLogIsKeptStepForStep() {
        List<PretrainingJson.Point> steps = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            steps.add(new PretrainingJson.Point(i, i / 7.0, i == 3 ? Double.NaN : 10 - i, 1e-4));
        }
        List<PretrainingJson.Point> kept = PretrainingCurves.downsample(steps, 200);
        assertEquals(6, kept.size(), "a step whose loss is not finite is left out");
        assertEquals(List.of(1L, 2L, 4L, 5L, 6L, 7L), kept.stream().map(PretrainingJson.Point::step).toList());
    }
}
