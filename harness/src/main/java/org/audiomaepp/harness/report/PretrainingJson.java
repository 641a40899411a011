package org.audiomaepp.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes {@code pretraining.json}: each run's pretraining curve, downsampled from the
 * pretrain job's per-step {@code train_log.csv}, or where its model came from when there is no log.
 *
 * <p>{@code {"maxPoints": N, "runs": [{"run", "job", "steps", "origin", "note", "points": [{"step",
 * "epoch", "loss", "lr"}…]}…]}}. Unknown fields are ignored.
 */
public final class PretrainingJson {
    /** The file's name in a sweep's results directory. */
    public static final String FILE = "pretraining.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * One logged point: the last step of a bucket of consecutive steps, with its epoch and learning
     * rate, and the mean training loss over the bucket's steps.
     */
    public record Point(long step, double epoch, double loss, double lr) {}

    /**
     * One run's pretraining.
     *
     * @param run run name as in {@code scores.csv}
     * @param job the pretrain job id ({@code pretrain/KEY}), empty when the run has none
     * @param steps number of optimizer steps in the log (0 without one)
     * @param origin where the model came from when it was not pretrained here (an imported
     *     checkpoint: its file and SHA-256), or null; shown instead of curves
     * @param note why there is no curve (e.g. the job has not finished), empty when there is one
     * @param points the downsampled curve, in step order (empty without a log)
     */
    public record RunCurve(String run, String job, long steps, String origin, String note, List<Point> points) {
        public RunCurve {
            job = job == null ? "" : job;
            note = note == null ? "" : note;
            points = points == null ? List.of() : List.copyOf(points);
        }
    }

    /** The whole file. */
    public record SweepCurves(int maxPoints, List<RunCurve> runs) {
        public SweepCurves {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    private PretrainingJson() {}

    public static void write(Path file, SweepCurves curves) {
        try {
            ReportBuilder.writeAtomically(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(curves) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize pretraining curves for " + file, e);
        }
    }

    public static SweepCurves read(Path file) {
        return RunsJson.readEngineFile(MAPPER, file, SweepCurves.class, FILE);
    }
}
