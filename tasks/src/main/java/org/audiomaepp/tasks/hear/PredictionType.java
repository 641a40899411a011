package org.audiomaepp.tasks.hear;

import java.util.Locale;
import java.util.Optional;

/** What a scene task predicts per clip: one label (softmax) or any set of labels (sigmoids). */
public enum PredictionType {
    MULTICLASS,
    MULTILABEL;

    /** The spelling used in {@code task_metadata.json}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the {@code task_metadata.json} spelling; empty if it is not one of ours. */
    public static Optional<PredictionType> fromJson(String s) {
        for (PredictionType t : values()) {
            if (t.jsonName().equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
