package org.audiomaepp.harness.check;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

/**
 * Reads and writes a regression baseline ({@code results/baselines/NAME.csv}): header
 * {@code run,task,metric,mean,ci95,n_seeds,device}, values at full precision, empty for NaN.
 */
public final class BaselineCsv {
    public static final List<String> HEADER = List.of("run", "task", "metric", "mean", "ci95", "n_seeds", "device");

    private BaselineCsv() {}

    public static List<BaselineRow> read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build()
                        .parse(r)) {
            List<String> missing = new ArrayList<>(HEADER);
            missing.removeAll(parser.getHeaderNames());
            if (!missing.isEmpty()) {
                throw new BadInputException(file + ": missing column(s) " + missing + "; a baseline's header is "
                        + String.join(",", HEADER) + " (write one with `harness check … --accept`)");
            }
            List<BaselineRow> rows = new ArrayList<>();
            for (CSVRecord rec : parser) {
                try {
                    rows.add(new BaselineRow(rec.get("run"), rec.get("task"), rec.get("metric"), number(rec.get("mean")),
                            number(rec.get("ci95")), Integer.parseInt(rec.get("n_seeds")), rec.get("device")));
                } catch (NumberFormatException e) {
                    throw new BadInputException(file + " line " + parser.getCurrentLineNumber()
                            + ": mean, ci95 and n_seeds must be numbers");
                }
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " does not exist; create the baseline with `harness check RESULTS --baseline "
                    + file + " --accept`");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes through a temporary file in the same directory and an atomic rename. */
    public static void write(Path file, List<BaselineRow> rows) {
        StringWriter w = new StringWriter();
        try (CSVPrinter out = CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).build().print(w)) {
            for (BaselineRow r : rows) {
                out.printRecord(r.run(), r.task(), r.metric(), text(r.mean()), text(r.ci95()), r.nSeeds(), r.device());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            org.audiomaepp.core.FileTrees.writeAtomically(file, w.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String text(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    private static double number(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
