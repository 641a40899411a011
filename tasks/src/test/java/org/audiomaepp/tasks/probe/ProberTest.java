package org.audiomaepp.tasks.probe;

import org.audiomaepp.tasks.hear.Split;
import org.audiomaepp.tasks.hear.PredictionType;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.audiomaepp.tasks.metrics.Metric;
import org.audiomaepp.tasks.metrics.Metrics;
import org.audiomaepp.tasks.metrics.Predictions;
import org.junit.jupiter.api.Test;

class ProberTest {
    private static final ProbeConfig FAST = ProbeConfig.defaults().withSeeds(List.of(0, 1, 2))
            .withBatchSize(64).withSchedule(12, 3, 2);

    private static ProbeResult run(ProbeData data, ProbeConfig config) {
        return new Prober(config, line -> {}).run(data);
    }

    @Test
    void batchedAndSequentialGiveEachSeedTheSameResult() {
        ProbeData data = SyntheticProbeData.multiclass(3, 50, 12, 4, 1.5, false, 7);
        ProbeConfig config = FAST.withSeeds(List.of(0, 1)).withSchedule(15, 1, 2);
        ProbeResult batched = run(data, config.withBatched(true));
        ProbeResult sequential = run(data, config.withBatched(false));
        // members stop at different epochs here, so the batched model drops members on the way
        assertTrue(batched.seeds().stream().flatMap(s -> s.splits().stream()).map(SplitResult::epochsTrained)
                .distinct().count() > 1);
        for (int i = 0; i < config.seeds().size(); i++) {
            SeedResult b = batched.seeds().get(i);
            SeedResult s = sequential.seeds().get(i);
            assertEquals(s.chosen(), b.chosen());
            for (int k = 0; k < b.gridValidScores().size(); k++) {
                assertEquals(s.gridValidScores().get(k), b.gridValidScores().get(k), 1e-9);
            }
            for (int k = 0; k < b.splits().size(); k++) {
                SplitResult bs = b.splits().get(k);
                SplitResult ss = s.splits().get(k);
                assertEquals(ss.bestEpoch(), bs.bestEpoch());
                assertEquals(ss.testScores().get(Metric.TOP1_ACC).value(), bs.testScores().get(Metric.TOP1_ACC).value(), 1e-9);
                // batched matmuls round differently from single ones: same decisions, probabilities
                // equal to float rounding accumulated over the training steps
                Predictions bp = new Predictions(bs.testProbs(), bs.testTargets(), data.nLabels());
                Predictions sp = new Predictions(ss.testProbs(), ss.testTargets(), data.nLabels());
                for (int j = 0; j < bs.testProbs().length; j++) {
                    assertEquals(sp.argmax(j), bp.argmax(j));
                    assertArrayEquals(ss.testProbs()[j], bs.testProbs()[j], 1e-3f);
                }
            }
        }
    }

    @Test
    void aSeedsResultDoesNotDependOnTheOtherSeeds() {
        ProbeData data = SyntheticProbeData.multiclass(3, 40, 8, 3, 1.5, false, 3);
        SeedResult alone = run(data, FAST.withSeeds(List.of(2))).seeds().get(0);
        SeedResult withOthers = run(data, FAST).seeds().get(2);
        assertEquals(alone.testScore(Metric.TOP1_ACC), withOthers.testScore(Metric.TOP1_ACC), 1e-9);
        assertArrayEquals(alone.splits().get(1).testProbs()[0], withOthers.splits().get(1).testProbs()[0], 1e-5f);
    }

    @Test
    void separableClustersAreLearnedAndRandomLabelsStayNearChance() {
        ProbeConfig config = FAST.withSeeds(List.of(0)).withBatchSize(16).withSchedule(9, 3, 5);
        ProbeData clusters = SyntheticProbeData.multiclass(3, 60, 16, 4, 0.3, false, 11);
        for (double acc : run(clusters, config).perSeed(Metric.TOP1_ACC)) {
            assertTrue(acc > 0.95, "accuracy " + acc);
        }
        ProbeData noise = SyntheticProbeData.multiclass(3, 60, 16, 4, 0.3, true, 11);
        for (double acc : run(noise, config).perSeed(Metric.TOP1_ACC)) {
            assertTrue(acc < 0.45, "accuracy on random labels " + acc + " (chance 0.25)");
        }
    }

    @Test
    void multilabelProbeLearnsSignsOfCoordinates() {
        ProbeData data = SyntheticProbeData.multilabel(150, 8, 5, 5);
        ProbeResult r = run(data, FAST.withSeeds(List.of(0)).withSchedule(15, 3, 5));
        double map = r.seeds().get(0).testScore(Metric.MAP);
        double auc = r.seeds().get(0).testScore(Metric.AUCROC);
        assertTrue(map > 0.85, "mAP " + map);
        assertTrue(auc > 0.9, "AUC " + auc);
        float[] p = r.seeds().get(0).splits().get(0).testProbs()[0];
        for (float v : p) {
            assertTrue(v > 0 && v < 1);
        }
    }

    @Test
    void earlyStoppingKeepsTheBestValidationCheckpoint() {
        // Validation (= test) labels are the training labels flipped: learning only makes the
        // validation score worse, so the first validation (epoch 0) stays the best, training stops
        // after `patience` more validations, and the test score is that of epoch 0's checkpoint.
        ProbeData base = SyntheticProbeData.multiclass(3, 100, 8, 2, 0.3, false, 5);
        SplitData train = base.splits().get("fold00");
        SplitData held = base.splits().get("fold01");
        List<int[]> flipped = new ArrayList<>();
        held.labels().forEach(l -> flipped.add(new int[] {1 - l[0]}));
        ProbeData data = new ProbeData("flipped", Map.of("train", train,
                "valid", new SplitData("valid", held.files(), held.x(), held.dim(), flipped),
                "test", new SplitData("test", held.files(), held.x(), held.dim(), flipped)),
                List.of(new Split(0, List.of("train"), "valid", "test")), 2, PredictionType.MULTICLASS, Metrics.fromNames(List.of("top1_acc")));
        ProbeConfig config = FAST.withSeeds(List.of(0)).withSchedule(100, 1, 3);
        SplitResult s = run(data, config).seeds().get(0).splits().get(0);
        assertEquals(0, s.bestEpoch());
        assertEquals(4, s.epochsTrained());
        assertEquals(s.validScores().get(Metric.TOP1_ACC).value(), s.testScores().get(Metric.TOP1_ACC).value(), 1e-12);
    }

    @Test
    void withoutImprovementLimitTrainingRunsToTheEpochLimit() {
        ProbeData data = SyntheticProbeData.multiclass(3, 40, 8, 3, 0.3, false, 9);
        ProbeConfig config = FAST.withSeeds(List.of(0)).withSchedule(5, 3, 50);
        for (SplitResult s : run(data, config).seeds().get(0).splits()) {
            assertEquals(5, s.epochsTrained());
            assertTrue(s.bestEpoch() == 2 || s.bestEpoch() == 4, "validations after epochs 2 and 4 (forced at the last)");
        }
    }

    @Test
    void hearFullGridTrainsEveryPointOnSplitZeroAndKeepsTheBestForEachSeed() {
        ProbeData data = SyntheticProbeData.multiclass(3, 30, 8, 3, 1.0, false, 13);
        ProbeConfig config = FAST.withGrid(Grid.HEAR_FULL).withSeeds(List.of(4)).withSchedule(3, 3, 1);
        ProbeResult r = run(data, config);
        SeedResult s = r.seeds().get(0);
        assertEquals(Grid.HEAR_FULL.points(), r.gridPoints());
        assertEquals(8, s.gridValidScores().size());
        double best = s.gridValidScores().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(best, s.gridValidScores().get(s.gridIndex()));
        assertEquals(s.gridIndex(), s.gridValidScores().indexOf(best), "the first of equal scores wins");
        assertEquals(Grid.HEAR_FULL.points().get(s.gridIndex()), s.chosen());
        assertEquals(best, s.splits().get(0).validScores().get(Metric.TOP1_ACC).value());
    }

    @Test
    void fitsEvenWhereTheThreadRecordsGradients() {
        // Grad mode is per thread and on in threads that did not load the engine; the probe's
        // in-place Adam updates must not depend on it, and must give the same result.
        ProbeData data = SyntheticProbeData.multiclass(3, 30, 8, 3, 1.0, false, 5);
        ProbeConfig config = FAST.withSeeds(List.of(0)).withSchedule(6, 3, 2);
        SeedResult usual = run(data, config).seeds().get(0);
        ai.djl.pytorch.jni.JniUtils.setGradMode(true);
        SeedResult recording;
        try {
            recording = run(data, config).seeds().get(0);
            assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "the thread's mode is restored");
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
        assertEquals(usual.testScore(Metric.TOP1_ACC), recording.testScore(Metric.TOP1_ACC), 1e-12);
    }
}
