package org.audiomaepp.harness.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalized overall score of docs/protocol.md §7 over a fixed pool:
 * {@code s(m) = 100 · mean_t (x[m,t] − min_P x[·,t]) / (max_P x[·,t] − min_P x[·,t])}.
 *
 * <p>The minimum and maximum per task are taken once over the pool's members (each member contributes
 * the tasks it has); a task on which every member scores the same carries no information and is left
 * out of the average (listed in {@link #degenerateTasks()}). Scores are in points; any consistent
 * unit works since the formula is scale-free.
 */
public final class NormalizedScore {
    private final List<String> tasks;
    private final Map<String, double[]> ranges;
    private final List<String> degenerate;

    private NormalizedScore(List<String> tasks, Map<String, double[]> ranges, List<String> degenerate) {
        this.tasks = tasks;
        this.ranges = ranges;
        this.degenerate = degenerate;
    }

    /** The per-task ranges of a pool; each member maps task keys to scores. */
    public static NormalizedScore over(Collection<Map<String, Double>> pool, List<String> tasks) {
        Map<String, double[]> ranges = new LinkedHashMap<>();
        List<String> used = new ArrayList<>();
        List<String> degenerate = new ArrayList<>();
        for (String t : tasks) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Map<String, Double> member : pool) {
                Double x = member.get(t);
                if (x != null && !x.isNaN()) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
            if (max > min) {
                ranges.put(t, new double[] {min, max});
                used.add(t);
            } else {
                degenerate.add(t);
            }
        }
        return new NormalizedScore(List.copyOf(used), ranges, List.copyOf(degenerate));
    }

    /** s(m) in points, or NaN if the model lacks a score on a task of the average (or none is left). */
    public double score(Map<String, Double> model) {
        if (tasks.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (String t : tasks) {
            Double x = model.get(t);
            if (x == null || x.isNaN()) {
                return Double.NaN;
            }
            double[] r = ranges.get(t);
            sum += (x - r[0]) / (r[1] - r[0]);
        }
        return 100 * sum / tasks.size();
    }

    /** The tasks averaged over. */
    public List<String> tasks() {
        return tasks;
    }

    /** Tasks left out because every pool member scores the same on them. */
    public List<String> degenerateTasks() {
        return degenerate;
    }

    /** The pool's minimum and maximum on a task of the average. */
    public double[] range(String task) {
        return ranges.get(task).clone();
    }
}
