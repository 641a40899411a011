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
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.audiomaepp.harness.BadInputException;

/** Reads and writes {@code summary.csv} (see {@link SummaryRow} for what the columns mean). */
public final class SummaryCsv {
    public static final List<String> HEADER = List.of(
            "run", "task", "paper_task", "metric", "primary", "n_seeds", "mean", "sd", "ci95", "device", "note");

    private SummaryCsv() {}

    public static void write(Path file, List<SummaryRow> rows) {
        StringWriter w = new StringWriter();
        try (CSVPrinter out = CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).build().print(w)) {
            for (SummaryRow r : rows) {
                out.printRecord(r.run(), r.task(), r.paperTask(), r.metric(), r.primary(), r.nSeeds(),
                        number(r.mean()), number(r.sd()), number(r.ci95()), r.device(), r.note());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        // Through a temporary file and a rename: a reader never sees half a table.
        ReportBuilder.writeAtomically(file, w.toString());
    }

    public static List<SummaryRow> read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build()
                        .parse(r)) {
            List<String> missing = new ArrayList<>(HEADER);
            missing.removeAll(parser.getHeaderNames());
            if (!missing.isEmpty()) {
                throw new BadInputException(file + ": missing column(s) " + missing + "; is this a summary.csv written by `harness report`?");
            }
            List<SummaryRow> rows = new ArrayList<>();
            for (CSVRecord rec : parser) {
                String where = file + " line " + parser.getCurrentLineNumber();
                try {
                    rows.add(new SummaryRow(rec.get("run"), rec.get("task"), rec.get("paper_task"), rec.get("metric"),
                            Boolean.parseBoolean(rec.get("primary")), Integer.parseInt(rec.get("n_seeds")),
                            parseNumber(rec.get("mean")), parseNumber(rec.get("sd")), parseNumber(rec.get("ci95")),
                            rec.get("device"), rec.get("note")));
                } catch (NumberFormatException e) {
                    throw new BadInputException(where + ": n_seeds, mean, sd and ci95 must be numbers");
                }
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " does not exist; run `harness report` on the sweep first");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Full precision, so that exact regression checks compare what was computed; empty for NaN. */
    static String number(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    static double parseNumber(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
