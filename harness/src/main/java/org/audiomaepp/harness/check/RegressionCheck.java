package org.audiomaepp.harness.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audiomaepp.harness.report.SummaryRow;

/**
 * Compares a sweep's per run × task means with a committed baseline.
 *
 * <p>Exact mode (CPU): |new − baseline| ≤ {@code tolerance} in stored units, either direction.
 * Statistical mode (GPU): a cell regresses when {@code new < baseline − allowed}, with
 * {@code allowed = max(sqrt(ci_new² + ci_base²), floorPoints)} in points; a missing interval (one
 * seed) counts as 0, so the floor applies. Either way a baseline row absent from the new results
 * fails, and new rows are reported without failing.
 */
public final class RegressionCheck {

    /** Thresholds of the comparison. */
    public record Options(CheckMode mode, double tolerance, double floorPoints) {
        public static Options defaults() {
            return new Options(CheckMode.AUTO, 1e-6, 0.5);
        }
    }

    /** The outcome of one row. */
    public enum Verdict {
        OK(false),
        /** Exact mode: the value differs from the baseline. */
        CHANGED(true),
        /** Statistical mode: the value fell by more than allowed. */
        REGRESSED(true),
        /** The baseline has the row, the new results do not. */
        MISSING(true),
        /** The new results have a row the baseline does not. */
        NEW(false);

        private final boolean fails;

        Verdict(boolean fails) {
            this.fails = fails;
        }

        public boolean fails() {
            return fails;
        }
    }

    /** One compared row; {@code delta} and {@code allowed} in points (NaN where not applicable). */
    public record Comparison(
            String run, String task, String metric, double baseline, double current, double delta, double allowed,
            Verdict verdict) {}

    /** All comparisons, the mode actually used and why. */
    public record Result(CheckMode mode, String why, List<Comparison> rows) {
        public boolean passed() {
            return rows.stream().noneMatch(r -> r.verdict().fails());
        }

        public long count(Verdict v) {
            return rows.stream().filter(r -> r.verdict() == v).count();
        }

        /** Rows worth showing: failures, new rows, and anything that moved at all. */
        public List<Comparison> moved() {
            return rows.stream().filter(r -> r.verdict() != Verdict.OK || (!Double.isNaN(r.delta()) && r.delta() != 0)).toList();
        }

        /** A fixed-width table of {@link #moved()}, then a one-line verdict. */
        public String table() {
            StringBuilder b = new StringBuilder();
            List<Comparison> shown = moved();
            if (!shown.isEmpty()) {
                int wRun = Math.max(3, shown.stream().mapToInt(c -> c.run().length()).max().orElse(3));
                int wTask = Math.max(4, shown.stream().mapToInt(c -> (c.task() + " " + c.metric()).length()).max().orElse(4));
                String fmt = "%-" + wRun + "s  %-" + wTask + "s  %12s  %12s  %12s  %10s  %s%n";
                b.append(String.format(Locale.ROOT, fmt, "run", "task", "baseline", "new", "delta", "allowed", "verdict"));
                for (Comparison c : shown) {
                    b.append(String.format(Locale.ROOT, fmt, c.run(), c.task() + " " + c.metric(), points(c.baseline()),
                            points(c.current()), delta(c.delta()), allowed(c.allowed()), c.verdict().name().toLowerCase(Locale.ROOT)));
                }
            }
            b.append(String.format(Locale.ROOT, "%s: %d row(s) compared in %s mode (%s); %d changed, %d regressed, %d missing, %d new.%n",
                    passed() ? "PASS" : "FAIL", rows.size(), mode.name().toLowerCase(Locale.ROOT), why,
                    count(Verdict.CHANGED), count(Verdict.REGRESSED), count(Verdict.MISSING), count(Verdict.NEW)));
            b.append("Values in points (percent for metrics, s(m) as is).").append(System.lineSeparator());
            return b.toString();
        }

        private String delta(double d) {
            if (Double.isNaN(d)) {
                return "";
            }
            return mode == CheckMode.EXACT ? String.format(Locale.ROOT, "%+.3g", d) : String.format(Locale.ROOT, "%+.3f", d);
        }

        private String allowed(double a) {
            if (Double.isNaN(a)) {
                return "";
            }
            return mode == CheckMode.EXACT ? String.format(Locale.ROOT, "±%.0e", a) : String.format(Locale.ROOT, "≥ -%.3f", a);
        }

        private static String points(double x) {
            return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.4f", x);
        }
    }

    private static final Pattern CAPABILITY = Pattern.compile("cpu \\(([A-Za-z0-9_]+)\\)");

    private RegressionCheck() {}

    /** The rows a baseline keeps from a summary: each run × task on its primary metric, and each overall score. */
    public static List<BaselineRow> baselineRows(List<SummaryRow> summary) {
        return summary.stream().filter(SummaryRow::primary).map(BaselineRow::of).toList();
    }

    public static Result compare(List<BaselineRow> baseline, List<BaselineRow> current, Options options) {
        CheckMode mode = options.mode();
        String why = "as asked";
        if (mode == CheckMode.AUTO) {
            boolean allCpu = !baseline.isEmpty() && !current.isEmpty()
                    && baseline.stream().allMatch(BaselineRow::onCpu) && current.stream().allMatch(BaselineRow::onCpu);
            mode = allCpu ? CheckMode.EXACT : CheckMode.STATISTICAL;
            why = allCpu ? "every row ran on a CPU, where seeded runs are bit-exact"
                    : "not every row ran on a CPU (device recorded: " + devices(baseline, current) + ")";
        }
        Map<String, BaselineRow> now = new LinkedHashMap<>();
        current.forEach(r -> now.put(r.key(), r));
        List<Comparison> out = new ArrayList<>();
        for (BaselineRow b : baseline) {
            BaselineRow c = now.remove(b.key());
            if (c == null) {
                out.add(new Comparison(b.run(), b.task(), b.metric(), b.scale() * b.mean(), Double.NaN, Double.NaN, Double.NaN,
                        Verdict.MISSING));
                continue;
            }
            out.add(mode == CheckMode.EXACT ? exact(b, c, options.tolerance()) : statistical(b, c, options.floorPoints()));
        }
        for (BaselineRow c : now.values()) {
            out.add(new Comparison(c.run(), c.task(), c.metric(), Double.NaN, c.scale() * c.mean(), Double.NaN, Double.NaN,
                    Verdict.NEW));
        }
        return new Result(mode, why, out);
    }

    /**
     * When CPU values moved and the baseline and the new results ran the engine's kernels at
     * different instruction sets ({@code cpu (avx2)} in the device column), a line that says so:
     * that alone changes the last bits.
     */
    public static Optional<String> capabilityNote(Result result, List<BaselineRow> baseline, List<BaselineRow> current) {
        if (result.count(Verdict.CHANGED) == 0) {
            return Optional.empty();
        }
        String was = capabilities(baseline);
        String now = capabilities(current);
        if (was.equals(now)) {
            return Optional.empty();
        }
        return Optional.of("note: the baseline was made with cpu_capability " + was + ", this run " + now
                + "; the engine's kernels differ in the last bits between instruction sets. Run the sweep through"
                + " `harness run` (which pins them; HARNESS_CPU_CAPABILITY unset) and compare again, or re-accept the"
                + " baseline with --accept if the new level is meant.");
    }

    private static String capabilities(List<BaselineRow> rows) {
        java.util.Set<String> levels = new java.util.TreeSet<>();
        for (BaselineRow r : rows) {
            if (r.onCpu()) {
                Matcher m = CAPABILITY.matcher(r.device());
                boolean found = false;
                while (m.find()) {
                    levels.add(m.group(1));
                    found = true;
                }
                if (!found) {
                    levels.add("unrecorded");
                }
            }
        }
        return levels.isEmpty() ? "unrecorded" : String.join(" and ", levels);
    }

    private static Comparison exact(BaselineRow b, BaselineRow c, double tolerance) {
        double s = b.scale();
        boolean same = Double.isNaN(b.mean()) ? Double.isNaN(c.mean()) : Math.abs(c.mean() - b.mean()) <= tolerance;
        return new Comparison(b.run(), b.task(), b.metric(), s * b.mean(), s * c.mean(), s * (c.mean() - b.mean()),
                s * tolerance, same ? Verdict.OK : Verdict.CHANGED);
    }

    private static Comparison statistical(BaselineRow b, BaselineRow c, double floorPoints) {
        double s = b.scale();
        double ciB = Double.isNaN(b.ci95()) ? 0 : s * b.ci95();
        double ciC = Double.isNaN(c.ci95()) ? 0 : s * c.ci95();
        double allowed = Math.max(Math.sqrt(ciB * ciB + ciC * ciC), floorPoints);
        double delta = s * (c.mean() - b.mean());
        Verdict v;
        if (Double.isNaN(b.mean())) {
            v = Verdict.OK;
        } else if (Double.isNaN(c.mean())) {
            v = Verdict.REGRESSED;
        } else {
            v = delta < -allowed ? Verdict.REGRESSED : Verdict.OK;
        }
        return new Comparison(b.run(), b.task(), b.metric(), s * b.mean(), s * c.mean(), delta, allowed, v);
    }

    private static String devices(List<BaselineRow> a, List<BaselineRow> b) {
        java.util.Set<String> d = new java.util.TreeSet<>();
        a.forEach(r -> d.add(r.device().isEmpty() ? "none" : r.device()));
        b.forEach(r -> d.add(r.device().isEmpty() ? "none" : r.device()));
        return String.join(", ", d);
    }
}
