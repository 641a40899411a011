package org.audiomaepp.harness.check;

import java.util.Locale;
import org.audiomaepp.harness.report.SummaryRow;

/**
 * One committed baseline value: a run × task mean on the primary metric (or a run's overall score,
 * {@code task = overall}, {@code metric = normalized_score}, in points), as in {@code summary.csv}.
 */
public record BaselineRow(String run, String task, String metric, double mean, double ci95, int nSeeds, String device) {

    public BaselineRow {
        device = device == null ? "" : device;
    }

    static BaselineRow of(SummaryRow s) {
        return new BaselineRow(s.run(), s.task(), s.metric(), s.mean(), s.ci95(), s.nSeeds(), s.device());
    }

    /** The identity a comparison matches on. */
    String key() {
        return run + "\u0000" + task + "\u0000" + metric;
    }

    boolean onCpu() {
        return device.trim().toLowerCase(Locale.ROOT).startsWith("cpu");
    }

    /** Points: fraction metrics × 100, the overall score as is. */
    double scale() {
        return SummaryRow.NORMALIZED_SCORE.equals(metric) ? 1 : 100;
    }
}
