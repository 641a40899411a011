package org.audiomaepp.harness.report;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.stdDev;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.audiomaepp.tasks.metrics.StudentT;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Per-seed scores to per-cell means and 95 % intervals (docs/protocol.md §5), grouped with Tablesaw; the
 * Student-t quantile is the probe's ({@link StudentT}), so probe summaries and reports agree.
 */
public final class Aggregation {
    private Aggregation() {}

    /**
     * One {@link SummaryRow} per run × task × metric: mean over seeds, sample standard deviation, and
     * the Student-t half-width. {@code devices} maps run names to their recorded device (may be empty).
     */
    public static List<SummaryRow> cells(List<ScoreRow> scores, Function<String, String> devices) {
        Table t = Table.create("scores",
                StringColumn.create("run", scores.stream().map(ScoreRow::run)),
                StringColumn.create("task", scores.stream().map(ScoreRow::task)),
                StringColumn.create("metric", scores.stream().map(r -> r.metric().hearName())),
                IntColumn.create("seed", scores.stream().mapToInt(ScoreRow::seed).toArray()),
                DoubleColumn.create("value", scores.stream().mapToDouble(ScoreRow::value).toArray()));
        t.addColumns(BooleanColumn.create("primary", scores.stream().map(ScoreRow::primary).toArray(Boolean[]::new)));
        Table agg = t.summarize("value", mean, stdDev, count).by("run", "task", "metric");

        // paper_task and primary are attributes of the (run, task[, metric]) group, not aggregates.
        Map<String, ScoreRow> any = new HashMap<>();
        for (ScoreRow r : scores) {
            any.putIfAbsent(r.run() + "\u0000" + r.task() + "\u0000" + r.metric().hearName(), r);
        }
        List<SummaryRow> out = new ArrayList<>();
        for (Row row : agg) {
            String run = row.getString("run");
            String task = row.getString("task");
            String metric = row.getString("metric");
            ScoreRow sample = any.get(run + "\u0000" + task + "\u0000" + metric);
            int n = (int) row.getDouble(5);
            double sd = n < 2 ? Double.NaN : row.getDouble(4);
            out.add(new SummaryRow(run, task, sample.paperTask(), metric, sample.primary(), n, row.getDouble(3), sd,
                    halfWidth95(sd, n), devices.apply(run), ""));
        }
        out.sort(Comparator.comparing(SummaryRow::run).thenComparing(SummaryRow::task)
                .thenComparing(r -> !r.primary()).thenComparing(SummaryRow::metric));
        return out;
    }

    /** {@code t(0.975, n-1) · s / sqrt(n)}; NaN for fewer than two seeds. */
    static double halfWidth95(double sd, int n) {
        return n < 2 ? Double.NaN : StudentT.quantile(0.975, n - 1) * sd / Math.sqrt(n);
    }
}
