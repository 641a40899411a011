package org.audiomaepp.harness.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The 95 % interval of each run's s(m), by resampling probe seeds (a percentile bootstrap,
 * docs/protocol.md §7).
 *
 * <p>One replicate draws, for every run and task, as many seed scores as the run has on that task,
 * with replacement, and takes their mean; the pool's per-task ranges are then recomputed from the
 * replicate's run means (plus the fixed published rows, when they are in the pool), because those
 * ranges are estimated from the same seeds, and every run's s(m) is recomputed. The interval is the
 * 2.5th and 97.5th percentile of {@link #REPLICATES} replicates. Each replicate's s(m) lies in
 * [0, 100] since the run is itself a pool member, so the interval never exceeds the scale, however
 * close the runs are. The resampler's seed is fixed ({@link #SEED}), so a report is reproducible
 * byte for byte. A run gets no interval when a task of the average has fewer than two seeds.
 */
public final class SeedBootstrap {
    /** Number of replicates. */
    public static final int REPLICATES = 2000;

    /** Seed of the resampler ({@link Random}, whose sequence the Java specification fixes). */
    public static final long SEED = 20250714L;

    /** A run's interval in points; NaN bounds with {@code reason} when there is none. */
    public record Interval(double low, double high, double standardError, String reason) {
        static Interval none(String reason) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, reason);
        }

        public boolean defined() {
            return !Double.isNaN(low);
        }

        /** Half the interval's width. */
        public double halfWidth() {
            return (high - low) / 2;
        }
    }

    private SeedBootstrap() {}

    /**
     * Intervals per run.
     *
     * @param seedScores run → task key → that run's seed scores on the task (points), in seed order
     * @param fixed pool members that are not resampled (published rows), task key → points
     * @param tasks the task keys of the average, before degenerate tasks are left out
     * @param averaged the tasks the point estimate averages over; a run needs two seeds on each
     */
    public static Map<String, Interval> intervals(
            Map<String, Map<String, double[]>> seedScores, List<Map<String, Double>> fixed, List<String> tasks,
            List<String> averaged) {
        Map<String, Interval> out = new LinkedHashMap<>();
        List<String> runs = new ArrayList<>(seedScores.keySet());
        List<String> eligible = new ArrayList<>();
        for (String run : runs) {
            Map<String, double[]> byTask = seedScores.get(run);
            List<String> few = averaged.stream()
                    .filter(t -> byTask.get(t) == null || byTask.get(t).length < 2).toList();
            if (averaged.isEmpty()) {
                out.put(run, Interval.none("no task to average over"));
            } else if (!few.isEmpty()) {
                out.put(run, Interval.none("fewer than two probe seeds on " + String.join(", ", few)));
            } else {
                eligible.add(run);
            }
        }
        if (eligible.isEmpty()) {
            return out;
        }
        Random random = new Random(SEED);
        Map<String, double[]> replicates = new LinkedHashMap<>();
        eligible.forEach(run -> replicates.put(run, new double[REPLICATES]));
        for (int b = 0; b < REPLICATES; b++) {
            Map<String, Map<String, Double>> means = new LinkedHashMap<>();
            for (String run : runs) {
                Map<String, Double> m = new LinkedHashMap<>();
                for (String t : tasks) {
                    double[] xs = seedScores.get(run).get(t);
                    if (xs != null && xs.length > 0) {
                        double sum = 0;
                        for (int i = 0; i < xs.length; i++) {
                            sum += xs[random.nextInt(xs.length)];
                        }
                        m.put(t, sum / xs.length);
                    }
                }
                means.put(run, m);
            }
            List<Map<String, Double>> pool = new ArrayList<>(means.values());
            pool.addAll(fixed);
            NormalizedScore normalizer = NormalizedScore.over(pool, tasks);
            for (String run : eligible) {
                replicates.get(run)[b] = normalizer.score(means.get(run));
            }
        }
        for (String run : eligible) {
            double[] r = Arrays.stream(replicates.get(run)).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (r.length < REPLICATES / 2) {
                out.put(run, Interval.none("s(m) undefined in " + (REPLICATES - r.length) + " of " + REPLICATES
                        + " resamples (every pool member scored the same on every task)"));
                continue;
            }
            out.put(run, new Interval(percentile(r, 0.025), percentile(r, 0.975), sd(r), ""));
        }
        // Runs in the order given.
        Map<String, Interval> ordered = new LinkedHashMap<>();
        runs.forEach(run -> ordered.put(run, out.get(run)));
        return ordered;
    }

    /** Linear interpolation between order statistics (type 7 of Hyndman and Fan); {@code sorted} ascending. */
    static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double sd(double[] xs) {
        double mean = Arrays.stream(xs).sum() / xs.length;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (xs.length - 1));
    }
}
