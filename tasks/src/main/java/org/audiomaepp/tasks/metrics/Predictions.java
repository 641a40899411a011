package org.audiomaepp.tasks.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * What a probe predicted for a set of clips and what the clips are labelled: the input of every
 * {@link Metric}. {@code probs[i][c]} is the predicted probability (softmax or sigmoid) of label
 * {@code c} for clip {@code i}; {@code targets.get(i)} holds the clip's label indices (exactly one
 * for a multiclass task, zero or more for a multilabel task).
 */
public record Predictions(float[][] probs, List<int[]> targets, int nLabels) {
    public Predictions {
        if (probs.length != targets.size()) {
            throw new IllegalArgumentException(probs.length + " predictions for " + targets.size() + " targets");
        }
        for (int i = 0; i < probs.length; i++) {
            if (probs[i].length != nLabels) {
                throw new IllegalArgumentException("prediction " + i + " has " + probs[i].length + " values, not " + nLabels);
            }
            for (int t : targets.get(i)) {
                if (t < 0 || t >= nLabels) {
                    throw new IllegalArgumentException("target " + t + " of clip " + i + " outside 0.." + (nLabels - 1));
                }
            }
        }
    }

    /** Number of clips. */
    public int size() {
        return probs.length;
    }

    /** The first index of the largest predicted probability of clip {@code i} (numpy's argmax). */
    public int argmax(int i) {
        float[] p = probs[i];
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Whether clip {@code i} carries label {@code c}. */
    public boolean hasLabel(int i, int c) {
        return Arrays.stream(targets.get(i)).anyMatch(t -> t == c);
    }
}
