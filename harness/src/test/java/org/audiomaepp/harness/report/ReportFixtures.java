package org.audiomaepp.harness.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.tasks.metrics.Metric;

/** Small sweep results directories (scores.csv + runs.json) written by tests. */
public final class ReportFixtures {
    /** A run name with markup in it: it must print as text everywhere. */
    public static final String MARKUP_RUN = "<b>bold</b> & <script>alert(1)</script>";

    private ReportFixtures() {}

    /**
     * Two runs on the ten paper tasks, three seeds each: {@code plusplus} (base/plusplus, so it
     * reproduces AudioMAE++-Base) and {@code vanilla} (base/vanilla, MAE-Base), whose fsd50k failed.
     * Seed s of task t scores paper(t) + offset + (s - 1) * 0.4 points.
     */
    public static void paperSweep(Path dir) {
        PublishedTable table = PublishedTable.load();
        List<ScoreRow> rows = new ArrayList<>();
        List<RunProvenance> runs = new ArrayList<>();
        for (String block : List.of("plusplus", "vanilla")) {
            String run = "block=" + block;
            String model = block.equals("plusplus") ? "AudioMAE++-Base" : "MAE-Base";
            double offset = block.equals("plusplus") ? -0.5 : -1.5;
            Map<String, RunProvenance.TaskStatus> status = new LinkedHashMap<>();
            for (PaperTask t : PaperTask.values()) {
                if (block.equals("vanilla") && t == PaperTask.FSD50K) {
                    status.put(t.directory(), new RunProvenance.TaskStatus(RunProvenance.TaskState.FAILED,
                            "probe job failed: java.lang.OutOfMemoryError <heap>"));
                    continue;
                }
                status.put(t.directory(), new RunProvenance.TaskStatus(RunProvenance.TaskState.DONE, ""));
                double base = table.model(model).orElseThrow().scores().get(t).mean() + offset;
                Metric metric = t == PaperTask.NSYNTH_PITCH_5H ? Metric.PITCH_ACC : t == PaperTask.FSD50K ? Metric.MAP : Metric.TOP1_ACC;
                for (int seed = 0; seed < 3; seed++) {
                    double v = (base + (seed - 1) * 0.4) / 100;
                    rows.add(new ScoreRow(run, t.directory(), t.id(), seed, metric, v, true));
                    if (t == PaperTask.NSYNTH_PITCH_5H) {
                        rows.add(new ScoreRow(run, t.directory(), t.id(), seed, Metric.CHROMA_ACC, v + 0.05, false));
                    }
                }
            }
            runs.add(provenance(run, Map.of("model.block", block),
                    Map.of("model", Map.of("preset", "base", "block", block), "probe", Map.of("seeds", 3)), status, "cuda:0"));
        }
        ScoresCsv.write(dir.resolve("scores.csv"), rows);
        RunsJson.write(dir.resolve("runs.json"), new RunsJson.SweepRuns("paper-base", "Base models on the HEAR tasks", runs));
    }

    /**
     * Three runs on ten synthetic tasks, three seeds, on CPU: {@code rope=both|decoder|none}, the
     * last one named {@link #MARKUP_RUN}, which has no rows for task {@code synth_09} (missing).
     */
    public static void synthSweep(Path dir) {
        List<ScoreRow> rows = new ArrayList<>();
        List<RunProvenance> runs = new ArrayList<>();
        String[] ropes = {"both", "decoder", "none"};
        for (int r = 0; r < ropes.length; r++) {
            String run = r == 2 ? MARKUP_RUN : "rope=" + ropes[r];
            Map<String, RunProvenance.TaskStatus> status = new LinkedHashMap<>();
            for (int t = 0; t < 10; t++) {
                String task = String.format("synth_%02d", t);
                if (r == 2 && t == 9) {
                    status.put(task, new RunProvenance.TaskStatus(RunProvenance.TaskState.MISSING, "probe job not run yet"));
                    continue;
                }
                status.put(task, new RunProvenance.TaskStatus(RunProvenance.TaskState.DONE, ""));
                for (int seed = 0; seed < 3; seed++) {
                    double v = 0.30 + 0.05 * t + 0.02 * r + 0.01 * seed;
                    rows.add(new ScoreRow(run, task, "", seed, t == 7 ? Metric.MAP : Metric.TOP1_ACC, v, true));
                }
            }
            runs.add(provenance(run, Map.of("model.rope", ropes[r], "model.preset", "tiny"),
                    Map.of("model", Map.of("preset", "tiny", "block", "plusplus", "rope", ropes[r])), status, "cpu"));
        }
        ScoresCsv.write(dir.resolve("scores.csv"), rows);
        RunsJson.write(dir.resolve("runs.json"), new RunsJson.SweepRuns("ci-tiny", "Tiny CI sweep", runs));
    }

    /**
     * {@code pretraining.json} for {@link #paperSweep}: {@code block=plusplus} has a 400-step log
     * drawn from 40 points (loss 1/step, learning rate warming up over 100 steps), {@code block=vanilla}
     * an imported checkpoint and no log.
     */
    public static List<PretrainingJson.Point> pretraining(Path dir) {
        List<PretrainingJson.Point> points = new ArrayList<>();
        for (int step = 10; step <= 400; step += 10) {
            points.add(new PretrainingJson.Point(step, step / 100.0, 1.0 / step, Math.min(step, 100) * 1e-6));
        }
        PretrainingJson.write(dir.resolve(PretrainingJson.FILE), new PretrainingJson.SweepCurves(200, List.of(
                new PretrainingJson.RunCurve("block=plusplus", "pretrain/3f2a", 400, null, "", points),
                new PretrainingJson.RunCurve("block=vanilla", "pretrain/77aa", 0,
                        "checkpoints/checkpoint-99.pth (sha256 0f1e2d)", "", List.of()))));
        return points;
    }

    private static RunProvenance provenance(String run, Map<String, String> axes, Map<String, Object> config,
            Map<String, RunProvenance.TaskStatus> status, String device) {
        return new RunProvenance(run, axes, config,
                Map.of("pretrain", List.of("pretrain/3f2a"), "probe", List.of("probe/aa01", "probe/aa02")),
                "0123456789abcdef0123456789abcdef01234567", Map.of("harness", "0.1.0-SNAPSHOT", "djl", "0.32.0"),
                device, Map.of("pretrain", 3600.0, "probe", 42.5), "harness run sweeps/x.yaml --only '" + run + "'", status);
    }
}
