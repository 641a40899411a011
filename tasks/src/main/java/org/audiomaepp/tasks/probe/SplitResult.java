package org.audiomaepp.tasks.probe;

import org.audiomaepp.tasks.hear.Split;

import java.util.Map;
import org.audiomaepp.tasks.metrics.Metric;
import org.audiomaepp.tasks.metrics.Score;

/**
 * One seed's probe on one rotation split, at its best validation checkpoint. {@code testSplit} is
 * the HEAR split tested on (e.g. {@code fold02} or {@code test}); {@code bestEpoch} is 0-based;
 * {@code testProbs[i]} are the predicted probabilities for {@code testFiles.get(i)}.
 */
public record SplitResult(
        Split split,
        String testSplit,
        int bestEpoch,
        int epochsTrained,
        Map<Metric, Score> validScores,
        Map<Metric, Score> testScores,
        java.util.List<String> testFiles,
        java.util.List<int[]> testTargets,
        float[][] testProbs,
        double wallSeconds) {}
