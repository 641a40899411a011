package org.audiomaepp.tasks.metrics;

import java.util.List;

/**
 * A metric's value (a fraction for accuracies, mAP and AUC; a real number for d') and the label
 * indices it had to leave out because the evaluated clips hold no positive (or, for the ROC-based
 * metrics, no negative) example of them. A report states the skipped classes next to the value.
 */
public record Score(double value, List<Integer> skippedClasses) {
    public Score {
        skippedClasses = List.copyOf(skippedClasses);
    }

    static Score of(double value) {
        return new Score(value, List.of());
    }
}
