package org.audiomaepp.tasks.probe;

import org.audiomaepp.tasks.BadInputException;

/** How a scene task labels a clip, and so the probe's output activation and loss. */
public enum PredictionType {
    /** Exactly one label per clip: softmax and cross-entropy. */
    MULTICLASS,
    /** Zero or more labels per clip: sigmoid and binary cross-entropy on multi-hot targets. */
    MULTILABEL;

    /** Parses a {@code prediction_type} value of {@code task_metadata.json}. */
    public static PredictionType fromHear(String name) {
        return switch (name) {
            case "multiclass" -> MULTICLASS;
            case "multilabel" -> MULTILABEL;
            default -> throw new BadInputException("prediction_type '" + name
                    + "' is not supported; expected 'multiclass' or 'multilabel'");
        };
    }
}
