package org.audiomaepp.tasks.hear;

import java.util.List;

/**
 * One of the ten HEAR tasks of the paper (docs/protocol.md §2, Table 1).
 *
 * @param id             the paper's short id, e.g. {@code E50} or {@code Mri-S}
 * @param directory      the HEAR task directory name, the task's identity
 * @param column         the column name used in published tables, e.g. {@code esc50}
 * @param splitMode      how its data is split
 * @param folds          number of folds (1 for trainvaltest)
 * @param predictionType multiclass or multilabel
 * @param evaluation     its metrics as in its {@code task_metadata.json}, the primary one first
 * @param classes        number of labels
 * @param clipSeconds    clip length in seconds, null where clips vary in length
 */
public record KnownTask(
        String id,
        String directory,
        String column,
        SplitMode splitMode,
        int folds,
        PredictionType predictionType,
        List<String> evaluation,
        int classes,
        Double clipSeconds) {

    public KnownTask {
        evaluation = List.copyOf(evaluation);
    }

    /** The metric the paper reports for this task. */
    public String primaryMetric() {
        return evaluation.get(0);
    }

    /**
     * The directory name of this task's synthetic stand-in at a given scale, e.g.
     * {@code synth_esc50-v1.0.0-tiny}: HEAR's {@code <task_name>-<version>-<mode>} pattern with the
     * scale as mode.
     */
    public String syntheticDirectory(String scale) {
        return syntheticTaskName() + "-" + KnownTasks.SYNTHETIC_VERSION + "-" + scale;
    }

    /** The {@code task_name} of this task's synthetic stand-in, e.g. {@code synth_esc50}. */
    public String syntheticTaskName() {
        return "synth_" + column;
    }
}
