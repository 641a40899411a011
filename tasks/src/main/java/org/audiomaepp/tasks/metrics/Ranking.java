package org.audiomaepp.tasks.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

/**
 * Per-class ranking metrics with scikit-learn's semantics: average precision as
 * {@code average_precision_score} and ROC AUC as {@code roc_auc_score}, both one-vs-rest per class
 * and macro-averaged.
 */
final class Ranking {
    private Ranking() {}

    /**
     * Average precision of one class: {@code sum_k (R_k - R_{k-1}) * P_k} over the distinct scores
     * taken as thresholds from the highest down, with no interpolation (scikit-learn's definition).
     * Clips sharing a score enter together, as one threshold.
     */
    static double averagePrecision(double[] scores, boolean[] positive) {
        Integer[] order = descending(scores);
        int totalPos = 0;
        for (boolean p : positive) {
            totalPos += p ? 1 : 0;
        }
        double ap = 0;
        double prevRecall = 0;
        int tp = 0;
        int seen = 0;
        int i = 0;
        while (i < order.length) {
            double s = scores[order[i]];
            while (i < order.length && scores[order[i]] == s) {
                tp += positive[order[i]] ? 1 : 0;
                seen++;
                i++;
            }
            double recall = (double) tp / totalPos;
            double precision = (double) tp / seen;
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return ap;
    }

    /**
     * ROC AUC of one class: the probability that a positive clip scores above a negative one, ties
     * counted half (equal to the trapezoidal area under scikit-learn's ROC curve).
     */
    static double rocAuc(double[] scores, boolean[] positive) {
        Integer[] order = descending(scores);
        long pos = 0;
        long neg = 0;
        for (boolean p : positive) {
            if (p) {
                pos++;
            } else {
                neg++;
            }
        }
        // Walk tie groups from the top: each positive in a group beats every negative below the
        // group and ties with the negatives inside it.
        double wins = 0;
        long negBelow = neg;
        int i = 0;
        while (i < order.length) {
            double s = scores[order[i]];
            long groupPos = 0;
            long groupNeg = 0;
            while (i < order.length && scores[order[i]] == s) {
                if (positive[order[i]]) {
                    groupPos++;
                } else {
                    groupNeg++;
                }
                i++;
            }
            negBelow -= groupNeg;
            wins += groupPos * (negBelow + 0.5 * groupNeg);
        }
        return wins / ((double) pos * neg);
    }

    /**
     * Macro average of a per-class value over the classes that have a positive (and, if
     * {@code needsNegatives}, a negative) clip; the others are skipped and reported.
     */
    static Score macro(Predictions p, boolean needsNegatives, ToDoubleBiFunction<double[], boolean[]> perClass) {
        int n = p.size();
        List<Integer> skipped = new ArrayList<>();
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < p.nLabels(); c++) {
            double[] scores = new double[n];
            boolean[] positive = new boolean[n];
            int pos = 0;
            for (int i = 0; i < n; i++) {
                scores[i] = p.probs()[i][c];
                positive[i] = p.hasLabel(i, c);
                pos += positive[i] ? 1 : 0;
            }
            if (pos == 0 || (needsNegatives && pos == n)) {
                skipped.add(c);
                continue;
            }
            sum += perClass.applyAsDouble(scores, positive);
            counted++;
        }
        return new Score(counted == 0 ? Double.NaN : sum / counted, skipped);
    }

    private static Integer[] descending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        return order;
    }
}
