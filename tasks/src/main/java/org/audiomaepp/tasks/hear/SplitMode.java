package org.audiomaepp.tasks.hear;

import java.util.Locale;
import java.util.Optional;

/**
 * How a task's data is divided: one fixed train/valid/test division, or k folds rotated so that
 * every fold is tested once (see {@link TaskSplits}).
 */
public enum SplitMode {
    TRAINVALTEST,
    /** Folds given by the dataset's authors. */
    PRESPLIT_KFOLD,
    /** Folds drawn by hear-preprocess. */
    NEW_SPLIT_KFOLD;

    /** The spelling used in {@code task_metadata.json}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for both k-fold modes; they are evaluated the same way. */
    public boolean isKFold() {
        return this != TRAINVALTEST;
    }

    /** Parses the {@code task_metadata.json} spelling; empty if it is not one of ours. */
    public static Optional<SplitMode> fromJson(String s) {
        for (SplitMode m : values()) {
            if (m.jsonName().equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
