package org.audiomaepp.tasks.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.audiomaepp.tasks.metrics.Metric;
import org.audiomaepp.tasks.metrics.Score;
import org.audiomaepp.tasks.metrics.StudentT;

/**
 * Writes what a probe run leaves behind (docs/protocol.md §8) into an output directory. Scores are
 * fractions (0–1) except d' (a real number); NaN and infinities appear in JSON as the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} and in CSV as {@code NaN} etc.
 *
 * <pre>
 * OUT/
 *   scores.json      {"task", "embeddings", "primary_metric", "metrics": [names],
 *                     "config": {grid, seeds, batch_size, max_epochs, valid_every, patience, batched},
 *                     "grid_points": [name...], "wall_seconds",
 *                     "summary": {metric: {"n", "mean", "std", "ci95", "per_seed": [...]}},
 *                     "seeds": [{"seed", "grid_point", "grid_index", "grid_validation_scores": [...],
 *                                "test": {metric: mean over splits}, "validation": {metric: mean},
 *                                "wall_seconds"}]}
 *                    ci95 = t(0.975, n-1)·s/sqrt(n) over seeds (null for one seed)
 *   scores.csv       one row per seed and metric:
 *                    task,embeddings,seed,metric,test_score,validation_score,grid_point,wall_seconds
 *                    (test_score = mean over the rotation splits, i.e. over folds)
 *   summary.csv      one row per metric: task,embeddings,metric,n,mean,std,ci95
 *   seed&lt;k&gt;/test.predicted-scores.json
 *                    as hear-eval-kit: per test split name {"test_score", "test_&lt;metric&gt;"...,
 *                    "validation_score", "validation_&lt;metric&gt;"..., "epoch" (0-based epoch of the
 *                    best checkpoint), "epochs_trained", "time_in_min"}, plus
 *                    "test_&lt;metric&gt;_skipped_classes" when a class had no positive;
 *                    "aggregated_scores" (k-fold only) with "&lt;key&gt;_mean"/"&lt;key&gt;_std" (sample std)
 *                    over splits; "hparams" (the chosen grid point); "score_mode": "max"; "seed"
 *   seed&lt;k&gt;/&lt;test split&gt;.predictions.csv
 *                    one row per test file: file,target,p0,...,p{C-1}; target = label indices
 *                    (into labelvocabulary.csv) separated by spaces, p&lt;c&gt; = predicted
 *                    probability of label c (softmax for multiclass, sigmoid for multilabel)
 * </pre>
 */
public final class ProbeOutputs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProbeOutputs() {}

    /** Writes every file above; {@code embeddings} names the embedding set in the tables. */
    public static void write(Path out, ProbeResult result, String embeddings) throws IOException {
        Files.createDirectories(out);
        for (SeedResult s : result.seeds()) {
            Path dir = out.resolve("seed" + s.seed());
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("test.predicted-scores.json").toFile(), hearScores(s, result));
            for (SplitResult split : s.splits()) {
                writePredictions(dir.resolve(split.testSplit() + ".predictions.csv"), split);
            }
        }
        JSON.writeValue(out.resolve("scores.json").toFile(), scoresJson(result, embeddings));
        writeScoresCsv(out.resolve("scores.csv"), result, embeddings);
        writeSummaryCsv(out.resolve("summary.csv"), result, embeddings);
    }

    static Map<String, Object> hearScores(SeedResult s, ProbeResult r) {
        Metric primary = r.data().metrics().primary();
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SplitResult split : s.splits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_score", split.testScores().get(primary).value());
            for (Metric metric : r.data().metrics().all()) {
                m.put("test_" + metric.hearName(), split.testScores().get(metric).value());
            }
            m.put("validation_score", split.validScores().get(primary).value());
            for (Metric metric : r.data().metrics().all()) {
                m.put("validation_" + metric.hearName(), split.validScores().get(metric).value());
            }
            m.put("epoch", split.bestEpoch());
            m.put("epochs_trained", split.epochsTrained());
            m.put("time_in_min", split.wallSeconds() / 60);
            for (Metric metric : r.data().metrics().all()) {
                Score sc = split.testScores().get(metric);
                if (!sc.skippedClasses().isEmpty()) {
                    m.put("test_" + metric.hearName() + "_skipped_classes", sc.skippedClasses());
                }
            }
            rows.add(m);
            root.put(split.testSplit(), m);
        }
        if (s.splits().size() > 1) {
            Map<String, Object> agg = new LinkedHashMap<>();
            for (String key : rows.get(0).keySet()) {
                if (key.endsWith("_skipped_classes")) {
                    continue;
                }
                double[] v = rows.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).toArray();
                agg.put(key + "_mean", StudentT.mean(v));
                agg.put(key + "_std", StudentT.sampleStd(v));
            }
            root.put("aggregated_scores", agg);
        }
        root.put("hparams", hparams(s.chosen()));
        root.put("score_mode", "max");
        root.put("seed", s.seed());
        return root;
    }

    private static Map<String, Object> hparams(GridPoint p) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", p.name());
        h.put("hidden_layers", p.hiddenLayers());
        h.put("hidden_dim", p.hiddenDim());
        h.put("dropout", p.dropout());
        h.put("lr", p.learningRate());
        h.put("initialization", p.init().name().toLowerCase(java.util.Locale.ROOT));
        h.put("optim", "adam");
        h.put("hidden_norm", "batchnorm1d");
        return h;
    }

    private static Map<String, Object> scoresJson(ProbeResult r, String embeddings) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("task", r.data().taskName());
        root.put("embeddings", embeddings);
        root.put("primary_metric", r.data().metrics().primary().hearName());
        root.put("metrics", r.data().metrics().all().stream().map(Metric::hearName).toList());
        ProbeConfig c = r.config();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("grid", c.grid().cliName());
        config.put("seeds", c.seeds());
        config.put("batch_size", c.batchSize());
        config.put("max_epochs", c.maxEpochs());
        config.put("valid_every", c.validEvery());
        config.put("patience", c.patience());
        config.put("batched", c.batched());
        root.put("config", config);
        root.put("grid_points", r.gridPoints().stream().map(GridPoint::name).toList());
        root.put("wall_seconds", r.wallSeconds());
        Map<String, Object> summary = new LinkedHashMap<>();
        for (ProbeResult.Summary s : r.summaries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", s.n());
            m.put("mean", s.mean());
            m.put("std", nullIfNaN(s.std()));
            m.put("ci95", nullIfNaN(s.ci95()));
            m.put("per_seed", Arrays.stream(r.perSeed(s.metric())).boxed().toList());
            summary.put(s.metric().hearName(), m);
        }
        root.put("summary", summary);
        List<Map<String, Object>> seeds = new ArrayList<>();
        for (SeedResult s : r.seeds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", s.seed());
            m.put("grid_point", s.chosen().name());
            m.put("grid_index", s.gridIndex());
            m.put("grid_validation_scores", s.gridValidScores());
            m.put("test", r.data().metrics().all().stream()
                    .collect(Collectors.toMap(Metric::hearName, s::testScore, (a, b) -> a, LinkedHashMap::new)));
            m.put("validation", r.data().metrics().all().stream()
                    .collect(Collectors.toMap(Metric::hearName, s::validScore, (a, b) -> a, LinkedHashMap::new)));
            m.put("wall_seconds", s.wallSeconds());
            seeds.add(m);
        }
        root.put("seeds", seeds);
        return root;
    }

    private static Object nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static void writeScoresCsv(Path file, ProbeResult r, String embeddings) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("task", "embeddings", "seed",
                        "metric", "test_score", "validation_score", "grid_point", "wall_seconds").build())) {
            for (SeedResult s : r.seeds()) {
                for (Metric m : r.data().metrics().all()) {
                    csv.printRecord(r.data().taskName(), embeddings, s.seed(), m.hearName(), s.testScore(m),
                            s.validScore(m), s.chosen().name(), s.wallSeconds());
                }
            }
        }
    }

    private static void writeSummaryCsv(Path file, ProbeResult r, String embeddings) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                        .setHeader("task", "embeddings", "metric", "n", "mean", "std", "ci95").build())) {
            for (ProbeResult.Summary s : r.summaries()) {
                csv.printRecord(r.data().taskName(), embeddings, s.metric().hearName(), s.n(), s.mean(), s.std(), s.ci95());
            }
        }
    }

    private static void writePredictions(Path file, SplitResult split) throws IOException {
        int nLabels = split.testProbs().length == 0 ? 0 : split.testProbs()[0].length;
        List<String> header = new ArrayList<>(List.of("file", "target"));
        for (int c = 0; c < nLabels; c++) {
            header.add("p" + c);
        }
        try (Writer w = Files.newBufferedWriter(file);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build())) {
            for (int i = 0; i < split.testFiles().size(); i++) {
                List<Object> row = new ArrayList<>();
                row.add(split.testFiles().get(i));
                row.add(Arrays.stream(split.testTargets().get(i)).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
                for (float p : split.testProbs()[i]) {
                    row.add(p);
                }
                csv.printRecord(row);
            }
        }
    }
}
