package org.audiomaepp.harness.report;

import org.audiomaepp.tasks.metrics.Metric;

/**
 * One per-seed test score: the contract between the sweep engine and the reports.
 *
 * <p>{@code scores.csv} holds one row per run × task × seed × metric. {@code task} is the task
 * directory name (the identity of a task), {@code paperTask} the paper's column name when the task
 * is one of the ten HEAR tasks of Table 2 ({@code ""} otherwise), {@code value} a fraction (the test
 * score of that seed, the mean over folds for k-fold tasks), {@code primary} marks the task's primary
 * metric (the first of its {@code evaluation} list).
 */
public record ScoreRow(
        String run, String task, String paperTask, int seed, Metric metric, double value, boolean primary) {

    public ScoreRow {
        paperTask = paperTask == null ? "" : paperTask;
    }
}
