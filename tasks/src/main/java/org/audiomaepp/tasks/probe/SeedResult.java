package org.audiomaepp.tasks.probe;

import java.util.List;
import java.util.Map;
import org.audiomaepp.tasks.metrics.Metric;

/**
 * Everything one seed produced on a task: the grid point chosen on split 0's validation score
 * (with every point's validation score, for the record) and the result of each rotation split.
 */
public record SeedResult(
        int seed, int gridIndex, GridPoint chosen, List<Double> gridValidScores, List<SplitResult> splits) {

    /** The seed's score for a metric: the mean of its test scores over the splits (folds). */
    public double testScore(Metric m) {
        return splits.stream().mapToDouble(s -> s.testScores().get(m).value()).average().orElse(Double.NaN);
    }

    /** Mean validation score over the splits. */
    public double validScore(Metric m) {
        return splits.stream().mapToDouble(s -> s.validScores().get(m).value()).average().orElse(Double.NaN);
    }

    /** Wall time attributed to this seed, summed over its splits (its share of batched runs). */
    public double wallSeconds() {
        return splits.stream().mapToDouble(SplitResult::wallSeconds).sum();
    }

    /** Test scores per split, for one metric. */
    public Map<String, Double> testScoresBySplit(Metric m) {
        java.util.LinkedHashMap<String, Double> out = new java.util.LinkedHashMap<>();
        for (SplitResult s : splits) {
            out.put(s.testSplit(), s.testScores().get(m).value());
        }
        return out;
    }
}
