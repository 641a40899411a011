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
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.audiomaepp.harness.report.PretrainingJson.Point;

/**
 * A pretrain job's per-step {@code train_log.csv} (columns {@code step,epoch,loss,lr,…}) cut down to
 * at most {@link #MAX_POINTS} points, so that a report holds every run's curve and stays small.
 *
 * <p>The steps are split into at most {@code MAX_POINTS} buckets of consecutive steps, as equal in
 * size as they can be; a bucket's point is its last step, that step's epoch and learning rate, and
 * the mean loss over the bucket (a per-step loss is noisy, a bucket mean keeps its level). Losses
 * that are not finite (a skipped fp16 step) are left out of the mean; a bucket with none is dropped.
 */
public final class PretrainingCurves {
    /** The most points kept per curve. */
    public static final int MAX_POINTS = 200;

    /** The pretrain job's record beside its log. */
    public static final String RECORD_FILE = "pretrain.json";

    /**
     * The field of a pretrain job's {@code pretrain.json} that says where its model came from when
     * it was not trained here (an imported checkpoint: file and SHA-256); a report shows it instead
     * of curves when the job has no training log.
     */
    public static final String ORIGIN_FIELD = "origin";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PretrainingCurves() {}

    /** The {@value #ORIGIN_FIELD} text of a pretrain job's record, if it has one. */
    public static Optional<String> origin(Path record) {
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            JsonNode o = JSON.readTree(record.toFile()).get(ORIGIN_FIELD);
            return o == null || o.isNull() ? Optional.empty() : Optional.of(o.isTextual() ? o.asText() : o.toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The log's rows, in file order. */
    public static List<Point> read(Path trainLog) throws IOException {
        List<Point> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(trainLog, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build()
                        .parse(r)) {
            for (String column : List.of("step", "epoch", "loss", "lr")) {
                if (!parser.getHeaderNames().contains(column)) {
                    throw new IOException(trainLog + " has no column " + column + " (header " + parser.getHeaderNames() + ")");
                }
            }
            for (CSVRecord rec : parser) {
                try {
                    rows.add(new Point(Long.parseLong(rec.get("step")), Double.parseDouble(rec.get("epoch")),
                            Double.parseDouble(rec.get("loss")), Double.parseDouble(rec.get("lr"))));
                } catch (IllegalArgumentException e) {
                    throw new IOException(trainLog + " line " + parser.getCurrentLineNumber() + " is not a step row: "
                            + e.getMessage(), e);
                }
            }
        }
        return rows;
    }

    /** At most {@code maxPoints} points summarizing {@code steps} (see the class comment). */
    public static List<Point> downsample(List<Point> steps, int maxPoints) {
        int n = steps.size();
        int buckets = Math.min(n, maxPoints);
        List<Point> out = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            double sum = 0;
            int finite = 0;
            for (int i = from; i < to; i++) {
                double loss = steps.get(i).loss();
                if (Double.isFinite(loss)) {
                    sum += loss;
                    finite++;
                }
            }
            if (finite > 0) {
                Point last = steps.get(to - 1);
                out.add(new Point(last.step(), last.epoch(), sum / finite, last.lr()));
            }
        }
        return out;
    }
}
