package org.audiomaepp.harness.report;

/**
 * One row of {@code summary.csv}: a run × task × metric cell aggregated over probe seeds, or a
 * run's overall normalized score.
 *
 * <p>Cell rows hold fractions like {@code scores.csv}. The overall row of a run has
 * {@code task = "overall"}, {@code metric = "normalized_score"}, {@code primary = true}, and holds
 * s(m) in points (0–100, docs/protocol.md §7); its {@code note} names the pool and the bounds of its
 * bootstrap interval, {@code ci95} is half that interval's width and {@code sd} the bootstrap standard
 * error ({@link SeedBootstrap}). In cell rows {@code ci95} is the half-width {@code t(0.975, n-1)·s/√n}
 * (NaN when n &lt; 2). {@code mean} is NaN when a run's overall score is undefined (a task failed or
 * is missing), with the reason in {@code note}.
 */
public record SummaryRow(
        String run,
        String task,
        String paperTask,
        String metric,
        boolean primary,
        int nSeeds,
        double mean,
        double sd,
        double ci95,
        String device,
        String note) {

    /** The {@code task} value of a run's overall row. */
    public static final String OVERALL_TASK = "overall";

    /** The {@code metric} value of a run's overall row. */
    public static final String NORMALIZED_SCORE = "normalized_score";

    public SummaryRow {
        paperTask = paperTask == null ? "" : paperTask;
        device = device == null ? "" : device;
        note = note == null ? "" : note;
    }

    public boolean isOverall() {
        return OVERALL_TASK.equals(task) && NORMALIZED_SCORE.equals(metric);
    }

    /** The value in points (percent for fraction metrics, s(m) as is). */
    public double meanPoints() {
        return isOverall() ? mean : 100 * mean;
    }

    /** The half-width in points. */
    public double ci95Points() {
        return isOverall() ? ci95 : 100 * ci95;
    }
}
