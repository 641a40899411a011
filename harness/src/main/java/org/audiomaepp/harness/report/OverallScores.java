package org.audiomaepp.harness.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Each run's normalized overall score over the chosen pool, with a 95 % interval over probe seeds.
 *
 * <p>The pool's per-task ranges are fixed from the cell means and a run's s(m) is the formula applied
 * to its cell means. Its interval is a percentile bootstrap over probe seeds ({@link SeedBootstrap}):
 * {@code ci95} holds half its width, {@code sd} the bootstrap standard error, {@code note} its bounds,
 * and {@code n_seeds} the fewest seeds the run has on a task of the average. Published rows enter the
 * pool by their paper task.
 */
public final class OverallScores {
    /** How the interval of s(m) is derived, in the words summary.csv and the report use. */
    public static final String METHOD = "percentile bootstrap over probe seeds (" + SeedBootstrap.REPLICATES
            + " resamples of each task's seed scores, the pool re-normalized in each; resampler seed "
            + SeedBootstrap.SEED + ")";


    /**
     * The outcome.
     *
     * @param choice the pool actually used
     * @param description the sentence a report shows to state the pool
     * @param normalizer the ranges per task key
     * @param runs one overall {@link SummaryRow} per run, in the order given
     * @param published s(m) of each published model recomputed over this pool (empty for {@link PoolChoice#RUNS})
     * @param intervals each run's bootstrap interval (undefined, with the reason, where there is none)
     */
    public record Result(
            PoolChoice choice,
            String description,
            NormalizedScore normalizer,
            List<SummaryRow> runs,
            Map<String, Double> published,
            Map<String, SeedBootstrap.Interval> intervals) {}

    private OverallScores() {}

    public static Result compute(
            List<ScoreRow> scores, List<SummaryRow> cells, List<String> runs, Map<String, String> devices,
            Optional<PublishedTable> published, PoolChoice requested) {
        List<SummaryRow> primary = cells.stream().filter(SummaryRow::primary).toList();
        Map<String, String> paperTaskOf = new TreeMap<>();
        for (SummaryRow c : primary) {
            paperTaskOf.put(c.task(), c.paperTask());
        }
        List<String> notPaper = paperTaskOf.entrySet().stream()
                .filter(e -> PaperTask.real(e.getKey(), e.getValue()).isEmpty()).map(Map.Entry::getKey).toList();

        PoolChoice choice = requested;
        String reason = "";
        if (requested == PoolChoice.AUTO) {
            if (published.isPresent() && notPaper.isEmpty() && !paperTaskOf.isEmpty()) {
                choice = PoolChoice.PAPER;
            } else {
                choice = PoolChoice.RUNS;
                reason = paperTaskOf.isEmpty() ? " (no task has scores yet)"
                        : published.isEmpty() ? " (no published table given)"
                        : " (chosen because task(s) " + String.join(", ", notPaper)
                                + " are not the paper's HEAR tasks, so the published rows cannot share a scale with them)";
            }
        } else if (requested == PoolChoice.PAPER && (!notPaper.isEmpty() || published.isEmpty())) {
            throw new org.audiomaepp.harness.BadInputException("--pool paper needs the paper's HEAR tasks, but task(s) "
                    + String.join(", ", notPaper) + " are not the paper's HEAR task directories; use --pool runs or --pool auto");
        }
        boolean paper = choice == PoolChoice.PAPER;

        // Task keys: the paper's task ids with the published pool (so published rows line up), else task dirs.
        Map<String, String> keyOf = new LinkedHashMap<>();
        paperTaskOf.forEach((task, pt) -> keyOf.put(task, paper ? pt : task));
        List<String> keys = orderedKeys(keyOf, paper);

        Map<String, Map<String, Double>> runMeans = new LinkedHashMap<>();
        for (String run : runs) {
            runMeans.put(run, new LinkedHashMap<>());
        }
        for (SummaryRow c : primary) {
            runMeans.computeIfAbsent(c.run(), k -> new LinkedHashMap<>()).put(keyOf.get(c.task()), 100 * c.mean());
        }
        List<Map<String, Double>> pool = new ArrayList<>(runMeans.values());
        if (paper) {
            for (PublishedTable.Model m : published.get().models()) {
                pool.add(publishedByKey(m));
            }
        }
        NormalizedScore normalizer = NormalizedScore.over(pool, keys);

        // Per-seed primary values, in points, by run → task key → seeds (in seed order).
        Map<String, Map<String, TreeMap<Integer, Double>>> perSeed = new LinkedHashMap<>();
        runs.forEach(run -> perSeed.put(run, new LinkedHashMap<>()));
        for (ScoreRow r : scores) {
            if (r.primary()) {
                perSeed.computeIfAbsent(r.run(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(keyOf.get(r.task()), k -> new TreeMap<>())
                        .put(r.seed(), 100 * r.value());
            }
        }
        Map<String, Map<String, double[]>> seedScores = new LinkedHashMap<>();
        perSeed.forEach((run, byTask) -> {
            Map<String, double[]> m = new LinkedHashMap<>();
            byTask.forEach((t, seeds) -> m.put(t, seeds.values().stream().mapToDouble(Double::doubleValue).toArray()));
            seedScores.put(run, m);
        });
        List<Map<String, Double>> fixed = paper
                ? published.get().models().stream().map(OverallScores::publishedByKey).toList() : List.of();
        Map<String, SeedBootstrap.Interval> intervals = SeedBootstrap.intervals(seedScores, fixed, keys, normalizer.tasks());

        String description = describe(paper, runMeans.size(), published, keys, normalizer, reason);
        List<SummaryRow> overall = new ArrayList<>();
        for (var e : runMeans.entrySet()) {
            String run = e.getKey();
            double mean = normalizer.score(e.getValue());
            List<String> lacking = normalizer.tasks().stream().filter(t -> !e.getValue().containsKey(t)).toList();
            int n = normalizer.tasks().stream()
                    .mapToInt(t -> seedScores.getOrDefault(run, Map.of()).getOrDefault(t, new double[0]).length)
                    .min().orElse(0);
            SeedBootstrap.Interval ci = Double.isNaN(mean) ? SeedBootstrap.Interval.none("") : intervals.get(run);
            String note = Double.isNaN(mean)
                    ? (lacking.isEmpty() ? "undefined: no task separates the pool" : "undefined: no score for " + String.join(", ", lacking))
                    : (paper ? "pool: runs + published Table 2" : "pool: runs") + "; " + intervalNote(ci);
            overall.add(new SummaryRow(run, SummaryRow.OVERALL_TASK, "", SummaryRow.NORMALIZED_SCORE, true,
                    Double.isNaN(mean) ? 0 : n, mean, ci.standardError(), ci.defined() ? ci.halfWidth() : Double.NaN,
                    devices.getOrDefault(run, ""), note));
        }
        Map<String, Double> recomputed = new LinkedHashMap<>();
        if (paper) {
            for (PublishedTable.Model m : published.get().models()) {
                recomputed.put(m.name(), normalizer.score(publishedByKey(m)));
            }
        }
        Map<String, SeedBootstrap.Interval> shown = new LinkedHashMap<>();
        for (SummaryRow o : overall) {
            shown.put(o.run(), Double.isNaN(o.mean()) ? SeedBootstrap.Interval.none(o.note()) : intervals.get(o.run()));
        }
        return new Result(choice, description, normalizer, overall, recomputed, shown);
    }

    private static Map<String, Double> publishedByKey(PublishedTable.Model m) {
        Map<String, Double> x = new LinkedHashMap<>();
        m.scores().forEach((t, s) -> x.put(t.id(), s.mean()));
        return x;
    }

    private static List<String> orderedKeys(Map<String, String> keyOf, boolean paper) {
        if (!paper) {
            return List.copyOf(new TreeSet<>(keyOf.values()));
        }
        List<String> keys = new ArrayList<>();
        for (PaperTask t : PaperTask.values()) {
            if (keyOf.containsValue(t.id())) {
                keys.add(t.id());
            }
        }
        return keys;
    }

    private static String describe(boolean paper, int nRuns, Optional<PublishedTable> published, List<String> keys,
            NormalizedScore normalizer, String reason) {
        StringBuilder b = new StringBuilder("Pool of the normalized score: ");
        if (paper) {
            b.append("this sweep's ").append(nRuns).append(" run(s) plus the ")
                    .append(published.get().models().size()).append(" published rows of Table 2 (")
                    .append(PublishedTable.SOURCE).append(")");
        } else {
            b.append("this sweep's ").append(nRuns).append(" run(s) only").append(reason);
        }
        b.append(", over ").append(normalizer.tasks().size()).append(" task(s): ")
                .append(String.join(", ", normalizer.tasks().stream().map(OverallScores::label).toList())).append('.');
        if (paper && keys.size() < PaperTask.values().length) {
            b.append(" The sweep ran ").append(keys.size())
                    .append(" of the paper's ten tasks, so s(m) averages over those only and is not on the paper's scale.");
        }
        if (!normalizer.degenerateTasks().isEmpty()) {
            b.append(" Left out because every pool member scores the same on them: ")
                    .append(normalizer.degenerateTasks().stream().map(OverallScores::label).collect(Collectors.joining(", ")))
                    .append('.');
        }
        return b.toString();
    }

    private static String label(String key) {
        return PaperTask.byId(key).map(PaperTask::label).orElse(key);
    }

    /** What summary.csv's note says of a run's interval. */
    static String intervalNote(SeedBootstrap.Interval ci) {
        if (!ci.defined()) {
            return "no interval: " + ci.reason();
        }
        return String.format(Locale.ROOT, "95 %% interval [%.2f, %.2f]: %s", ci.low(), ci.high(), METHOD);
    }
}
