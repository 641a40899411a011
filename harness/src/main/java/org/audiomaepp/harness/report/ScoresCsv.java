package org.audiomaepp.harness.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.tasks.metrics.Metric;

/**
 * Reads and writes {@code scores.csv}, the long-format score table (header
 * {@code run,task,paper_task,seed,metric,value,primary}; see {@link ScoreRow}).
 */
public final class ScoresCsv {
    /** The columns, in the order they are written. */
    public static final List<String> HEADER =
            List.of("run", "task", "paper_task", "seed", "metric", "value", "primary");

    private ScoresCsv() {}

    public static void write(Path file, List<ScoreRow> rows) {
        StringWriter w = new StringWriter();
        try (CSVPrinter out = CSVFormat.DEFAULT.builder()
                        .setHeader(HEADER.toArray(String[]::new))
                        .build()
                        .print(w)) {
            for (ScoreRow r : rows) {
                out.printRecord(r.run(), r.task(), r.paperTask(), r.seed(), r.metric().hearName(),
                        Double.toString(r.value()), r.primary());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        // Through a temporary file and a rename: a reader never sees half a table.
        ReportBuilder.writeAtomically(file, w.toString());
    }

    /**
     * Reads a score table, rejecting missing columns, unparsable numbers, values outside [0, 1] for
     * fraction metrics and duplicated run × task × seed × metric rows, each with the file and line.
     */
    public static List<ScoreRow> read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .setTrim(true)
                        .build()
                        .parse(r)) {
            List<String> missing = new ArrayList<>(HEADER);
            missing.removeAll(parser.getHeaderNames());
            if (!missing.isEmpty()) {
                throw new BadInputException(file + ": missing column(s) " + missing
                        + "; the header must be " + String.join(",", HEADER));
            }
            List<ScoreRow> rows = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (CSVRecord rec : parser) {
                String where = file + " line " + parser.getCurrentLineNumber();
                ScoreRow row = parse(rec, where);
                String key = row.run() + "\u0000" + row.task() + "\u0000" + row.seed() + "\u0000" + row.metric();
                if (!seen.add(key)) {
                    throw new BadInputException(where + ": duplicate row for run '" + row.run() + "', task '"
                            + row.task() + "', seed " + row.seed() + ", metric " + row.metric().hearName()
                            + "; each run × task × seed × metric must appear once");
                }
                rows.add(row);
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " does not exist; point at a sweep results directory that holds scores.csv");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static ScoreRow parse(CSVRecord rec, String where) {
        String run = rec.get("run");
        String task = rec.get("task");
        if (run.isEmpty() || task.isEmpty()) {
            throw new BadInputException(where + ": empty run or task name");
        }
        int seed;
        double value;
        try {
            seed = Integer.parseInt(rec.get("seed"));
            value = Double.parseDouble(rec.get("value"));
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": seed must be an integer and value a number, got seed '"
                    + rec.get("seed") + "', value '" + rec.get("value") + "'");
        }
        Metric metric;
        try {
            metric = Metric.byName(rec.get("metric"));
        } catch (org.audiomaepp.tasks.BadInputException e) {
            throw new BadInputException(where + ": " + e.getMessage());
        }
        if (!Double.isFinite(value) || (metric != Metric.D_PRIME && (value < 0 || value > 1))) {
            throw new BadInputException(where + ": value " + value + " is not a fraction in [0, 1]; scores.csv "
                    + "stores fractions, not percentages");
        }
        String primary = rec.get("primary");
        if (!primary.equalsIgnoreCase("true") && !primary.equalsIgnoreCase("false")) {
            throw new BadInputException(where + ": primary must be true or false, got '" + primary + "'");
        }
        return new ScoreRow(run, task, rec.get("paper_task"), seed, metric, value, Boolean.parseBoolean(primary));
    }
}
