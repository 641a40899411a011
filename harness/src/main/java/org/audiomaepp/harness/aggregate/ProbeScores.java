package org.audiomaepp.harness.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.audiomaepp.tasks.metrics.Metric;

/**
 * The per-seed test scores a probe job left in its {@code out/} (the format of
 * {@code org.audiomaepp.tasks.probe.ProbeOutputs}): {@code scores.csv} with
 * {@code task,embeddings,seed,metric,test_score,...} and {@code scores.json} naming the
 * {@code primary_metric}.
 */
final class ProbeScores {

    /** One seed's test score on one metric. */
    record Score(int seed, Metric metric, double value, boolean primary) {}

    /**
     * What a job's outputs hold.
     *
     * @param scores  the finite scores
     * @param dropped seed × metric scores that are not finite (e.g. an undefined AUC), left out
     */
    record Read(List<Score> scores, List<String> dropped) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProbeScores() {}

    /**
     * Reads {@code out/scores.csv} (and {@code out/scores.json} for the primary metric; without it
     * the first metric in {@code scores.csv} is primary, which is the order the probe writes).
     *
     * @throws IOException if the files are missing or not in the expected format (the message says which)
     */
    static Read read(Path out) throws IOException {
        Path csv = out.resolve("scores.csv");
        if (!Files.isRegularFile(csv)) {
            throw new IOException(csv + " does not exist: the probe job's outputs have no scores");
        }
        String primary = null;
        Path json = out.resolve("scores.json");
        if (Files.isRegularFile(json)) {
            JsonNode p = JSON.readTree(json.toFile()).get("primary_metric");
            primary = p == null || p.isNull() ? null : p.asText();
        }
        List<Score> scores = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                        .build().parse(r)) {
            for (String column : List.of("seed", "metric", "test_score")) {
                if (!parser.getHeaderNames().contains(column)) {
                    throw new IOException(csv + " has no column '" + column + "'");
                }
            }
            for (CSVRecord rec : parser) {
                String metricName = rec.get("metric");
                if (primary == null) {
                    primary = metricName;
                }
                Metric metric;
                int seed;
                double value;
                try {
                    metric = Metric.byName(metricName);
                    seed = Integer.parseInt(rec.get("seed"));
                    value = Double.parseDouble(rec.get("test_score"));
                } catch (RuntimeException e) {
                    throw new IOException(csv + " line " + parser.getCurrentLineNumber() + ": " + e.getMessage(), e);
                }
                if (!Double.isFinite(value)) {
                    dropped.add(String.format(Locale.ROOT, "seed %d %s is %s", seed, metricName, rec.get("test_score")));
                    continue;
                }
                scores.add(new Score(seed, metric, value, metricName.equals(primary)));
            }
        }
        if (scores.isEmpty() && dropped.isEmpty()) {
            throw new IOException(csv + " has no score rows");
        }
        return new Read(scores, dropped);
    }
}
