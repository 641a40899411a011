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
    void overallIsTheFormulaOnCellMeansWithAnIntervalOverSeeds() {
        OverallScores.Result r = compute(scores(3, ""), PoolChoice.AUTO);
        assertEquals(PoolChoice.RUNS, r.choice());
        // Means: r0 (0.31, 0.36), r1 (0.41, 0.46), r2 (0.51, 0.56): r1 sits halfway on both tasks.
        assertEquals(0.0, r.runs().get(0).mean(), 1e-9);
        assertEquals(50.0, r.runs().get(1).mean(), 1e-9);
        assertEquals(100.0, r.runs().get(2).mean(), 1e-9);
        // Per seed with the pool's ranges (0.2 wide): r1 scores 45, 50, 55 -> s = 5, ci = 4.3027 * 5 / sqrt(3).
        assertEquals(3, r.runs().get(1).nSeeds());
        assertEquals(4.302653 * 5 / Math.sqrt(3), r.runs().get(1).ci95(), 1e-5);
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
