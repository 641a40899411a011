package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.tasks.metrics.Metric;
import org.junit.jupiter.api.Test;

class OverallScoresTest {

    /** Run r scores base + r * 0.1 + seed * 0.01 on tasks t0, t1 (fractions), seeds 0..2. */
    private static List<ScoreRow> scores(int runs, String paperTask) {
        List<ScoreRow> rows = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            for (int t = 0; t < 2; t++) {
                for (int s = 0; s < 3; s++) {
                    rows.add(new ScoreRow("r" + r, "t" + t, t == 0 ? paperTask : "", s, Metric.TOP1_ACC,
                            0.3 + 0.1 * r + 0.01 * s + 0.05 * t, true));
                }
            }
        }
        return rows;
    }

    private static OverallScores.Result compute(List<ScoreRow> rows, PoolChoice choice) {
        List<SummaryRow> cells = Aggregation.cells(rows, run -> "cpu");
        List<String> runs = rows.stream().map(ScoreRow::run).distinct().toList();
        return OverallScores.compute(rows, cells, runs, Map.of(), Optional.of(PublishedTable.load()), choice);
    }

    @Test
    void overallIsTheFormulaOnCellMeans() {
        OverallScores.Result r = compute(scores(3, ""), PoolChoice.AUTO);
        assertEquals(PoolChoice.RUNS, r.choice());
        // Means: r0 (0.31, 0.36), r1 (0.41, 0.46), r2 (0.51, 0.56): r1 sits halfway on both tasks.
        assertEquals(0.0, r.runs().get(0).mean(), 1e-9);
        assertEquals(50.0, r.runs().get(1).mean(), 1e-9);
        assertEquals(100.0, r.runs().get(2).mean(), 1e-9);
        assertEquals(3, r.runs().get(1).nSeeds());
    }

    /**
     * Two runs 0.4 points apart on every task, seeds spread ±1 point: the former t-interval over
     * per-seed s(m), with the pool's ranges fixed, gave 50.0 ± 621 here; the bootstrap stays on the scale.
     */
    @Test
    void aTwoRunPoolGetsAnIntervalFromResampledSeedsThatStaysOnTheScale() {
        List<ScoreRow> rows = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (int t = 0; t < 10; t++) {
                for (int s = 0; s < 3; s++) {
                    double noise = 0.01 * ((s + r) % 3 - 1);
                    rows.add(new ScoreRow("r" + r, "t" + t, "", s, Metric.TOP1_ACC, 0.5 + 0.004 * ((r + t) % 2) + noise, true));
                }
            }
        }
        OverallScores.Result res = compute(rows, PoolChoice.RUNS);
        for (SummaryRow o : res.runs()) {
            SeedBootstrap.Interval ci = res.intervals().get(o.run());
            assertTrue(ci.defined(), o.run());
            assertTrue(ci.low() >= 0 && ci.high() <= 100 && ci.low() <= o.mean() && o.mean() <= ci.high(),
                    o.run() + ": " + o.mean() + " in [" + ci.low() + ", " + ci.high() + "]");
            assertEquals((ci.high() - ci.low()) / 2, o.ci95(), 1e-12, "ci95 is half the interval");
            assertTrue(o.ci95() <= 50, "never wider than the scale");
            assertTrue(o.ci95() > 0, "the seeds overlap, so the interval has a width");
            assertTrue(o.note().contains("percentile bootstrap over probe seeds"), o.note());
            assertEquals(3, o.nSeeds());
        }
        // The resampler's seed is fixed: the same inputs give the same interval, bit for bit.
        assertEquals(res.runs(), compute(rows, PoolChoice.RUNS).runs());
    }

    @Test
    void theIntervalComesFromTheSeeds() {
        // Seeds far apart between the runs: every resample ranks them the same, so the interval is a point.
        List<ScoreRow> apart = scores(2, "");
        OverallScores.Result r = compute(apart, PoolChoice.RUNS);
        assertEquals(new SeedBootstrap.Interval(0, 0, 0, ""), r.intervals().get("r0"));
        assertEquals(new SeedBootstrap.Interval(100, 100, 0, ""), r.intervals().get("r1"));
        assertEquals(0.0, r.runs().get(1).ci95());

        // One seed moved into the other run's range gives the interval a width.
        List<ScoreRow> overlap = new ArrayList<>(apart);
        ScoreRow moved = overlap.get(0);
        overlap.set(0, new ScoreRow(moved.run(), moved.task(), moved.paperTask(), moved.seed(), moved.metric(), 0.9, true));
        SeedBootstrap.Interval ci = compute(overlap, PoolChoice.RUNS).intervals().get("r0");
        assertTrue(ci.high() > ci.low(), ci.toString());

        // One seed per task: nothing to resample, no interval, and the note says why.
        List<ScoreRow> oneSeed = apart.stream().filter(x -> x.seed() == 0).toList();
        SummaryRow o = compute(oneSeed, PoolChoice.RUNS).runs().get(0);
        assertTrue(Double.isNaN(o.ci95()));
        assertTrue(o.note().contains("no interval: fewer than two probe seeds on t0, t1"), o.note());
    }

    @Test
    void aMixOfPaperAndOtherTasksFallsBackToTheRunsPool() {
        OverallScores.Result r = compute(scores(2, "esc50"), PoolChoice.AUTO);
        assertEquals(PoolChoice.RUNS, r.choice());
        assertTrue(r.description().contains("t1 are not the paper's HEAR tasks"), r.description());
        assertTrue(r.published().isEmpty());
    }

    @Test
    void aSingleRunHasNoOverallScoreOverItsOwnPool() {
        OverallScores.Result r = compute(scores(1, ""), PoolChoice.RUNS);
        assertTrue(Double.isNaN(r.runs().get(0).mean()));
        assertTrue(r.runs().get(0).note().contains("no task separates the pool"), r.runs().get(0).note());
        assertTrue(r.description().contains("every pool member scores the same"), r.description());
    }

    @Test
    void syntheticStandInsInPaperColumnsNeverShareAScaleWithThePublishedRows() {
        List<ScoreRow> rows = new ArrayList<>();
        for (PaperTask t : PaperTask.values()) {
            for (int r = 0; r < 2; r++) {
                rows.add(new ScoreRow("r" + r, "synth_" + t.id() + "-v1.0.0-tiny", t.id(), 0, Metric.TOP1_ACC,
                        0.5 + 0.1 * r, true));
            }
        }
        OverallScores.Result auto = compute(rows, PoolChoice.AUTO);
        assertEquals(PoolChoice.RUNS, auto.choice());
        assertTrue(auto.published().isEmpty());
        assertThrows(org.audiomaepp.harness.BadInputException.class, () -> compute(rows, PoolChoice.PAPER));
    }
}
