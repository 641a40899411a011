package org.audiomaepp.harness.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.audiomaepp.harness.BadInputException;

/**
 * The published Table 2 of the AudioMAE++ paper (arXiv 2507.10464): 20 models × 10 HEAR tasks plus
 * the paper's overall score, in percent. The harness jar carries a copy of
 * {@code reports/reference/audiomaepp-table2.csv} so that reports render from any directory.
 */
public final class PublishedTable {
    /** Where the copy lives on the classpath. */
    public static final String RESOURCE = "/org/audiomaepp/harness/report/reference/audiomaepp-table2.csv";

    /** Where the figures come from, as a report states it. */
    public static final String SOURCE =
            "AudioMAE++ paper (arXiv 2507.10464), Table 2, as transcribed in reports/reference/audiomaepp-table2.csv";

    /** A published score: percent, with the paper's 95 % half-width over 10 probe seeds. */
    public record Score(double mean, double ci95) {}

    /** One published model (a row of Table 2). */
    public record Model(String name, String group, String pretrainingData, Map<PaperTask, Score> scores, Score overall) {}

    private final List<Model> models;

    private PublishedTable(List<Model> models) {
        this.models = List.copyOf(models);
    }

    public List<Model> models() {
        return models;
    }

    public Optional<Model> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The copy inside the harness jar. */
    public static PublishedTable load() {
        try (InputStream in = PublishedTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath; rebuild the harness jar");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table in the same format from a file (for comparing against another transcription). */
    public static PublishedTable load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " does not exist; give a CSV in the format of reports/reference/audiomaepp-table2.csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PublishedTable parse(Reader reader, String where) throws IOException {
        Map<String, Map<PaperTask, Score>> scores = new LinkedHashMap<>();
        Map<String, Score> overall = new LinkedHashMap<>();
        Map<String, CSVRecord> first = new LinkedHashMap<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build()
                .parse(reader)) {
            for (CSVRecord rec : parser) {
                String model = rec.get("model");
                String task = rec.get("task");
                Score score;
                try {
                    score = new Score(Double.parseDouble(rec.get("score")), Double.parseDouble(rec.get("ci95")));
                } catch (NumberFormatException e) {
                    throw new BadInputException(where + " line " + parser.getCurrentLineNumber() + ": score and ci95 must be numbers");
                }
                first.putIfAbsent(model, rec);
                if (task.equals("overall")) {
                    overall.put(model, score);
                } else {
                    PaperTask t = PaperTask.byId(task).orElseThrow(() -> new BadInputException(
                            where + " line " + parser.getCurrentLineNumber() + ": unknown task '" + task + "'"));
                    scores.computeIfAbsent(model, k -> new EnumMap<>(PaperTask.class)).put(t, score);
                }
            }
        }
        List<Model> models = new ArrayList<>();
        for (var e : first.entrySet()) {
            CSVRecord rec = e.getValue();
            Map<PaperTask, Score> s = scores.getOrDefault(e.getKey(), new EnumMap<>(PaperTask.class));
            if (s.size() != PaperTask.values().length || !overall.containsKey(e.getKey())) {
                throw new BadInputException(where + ": model '" + e.getKey() + "' needs a score for all ten tasks and 'overall'");
            }
            models.add(new Model(e.getKey(), rec.get("group"), rec.get("pretraining_data"), s, overall.get(e.getKey())));
        }
        return new PublishedTable(models);
    }
}
