package org.audiomaepp.harness.stages;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.audiomaepp.harness.jobs.JobContext;
import org.audiomaepp.harness.jobs.JobPrecision;
import org.audiomaepp.harness.jobs.Progress;
import org.audiomaepp.harness.jobs.Stage;
import org.audiomaepp.harness.sweep.ModuleConfigs;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.embed.SceneEmbedder;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.nn.Autocast;
import org.audiomaepp.models.nn.Precision;
import org.audiomaepp.models.train.Devices;
import org.audiomaepp.models.train.TrainableModel;
import org.audiomaepp.tasks.audio.AudioReader;
import org.audiomaepp.tasks.audio.LogMel;
import org.audiomaepp.tasks.hear.Example;
import org.audiomaepp.tasks.hear.HearTask;
import org.audiomaepp.tasks.hear.HearTaskReader;
import org.audiomaepp.tasks.probe.Embeddings;

/**
 * {@code embed}: frozen scene embeddings of every clip of one HEAR task, from the parent pretrain
 * job's encoder. Each clip is read as 16 kHz mono, turned into its normalized log-mel and embedded
 * by {@link SceneEmbedder} with the run's {@code embedding} config; clips of a split are processed
 * in groups so that chunks of many clips share encoder calls ({@code embedding.batch_size} chunks
 * per call), with the encoder's matrix products in {@code embedding.precision} ({@link Autocast}).
 *
 * <p>A clip shorter than {@link LogMel#MIN_SAMPLES} samples (25 ms: too short for one log-mel
 * frame) is legitimate audio, so it is padded with silence to that length rather than refused; the
 * files padded are listed in {@code embedding.json} and the log.
 *
 * <p>Outputs (the harness layout {@link Embeddings#load} reads):
 * <pre>
 * out/&lt;split&gt;.npy          float32 [clips, dim], rows in &lt;split&gt;.json order
 * out/&lt;split&gt;.index.json   {"files": [...], "labels": [[...], ...]}
 * out/embedding.json       {"task", "dim", "model", "embedding", "batch_size", "precision", "splits": {split: clips},
 *                           "padded_short_clips": [...], "parents": [...]}
 * </pre>
 * and with {@code embedding.hear_files: true} also hear-eval-kit's per-file layout,
 * {@code out/<split>/<file>.embedding.npy} and {@code out/<split>/<file>.target-labels.json}.
 */
public final class EmbedStage implements Stage {

    /** Clips whose log-mels are computed and embedded together. */
    static final int CLIPS_PER_GROUP = 64;

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        StageConfig.engineOnThisThread();
        Map<String, Object> config = ctx.config();
        HearTask task = HearTaskReader.read(Path.of(config.get("task_dir").toString()));
        ModelConfig expected = ModuleConfigs.model(StageConfig.section(config, "model"));
        ModuleConfigs.Embedding how = ModuleConfigs.embedding(StageConfig.section(config, "embedding"));
        EmbeddingConfig embedding = how.cut();
        int batchChunks = how.batchSize();
        Precision precision = how.precision();
        boolean hearFiles = how.hearFiles();
        JobPrecision.requireActive(precision, "embed job " + ctx.spec().shortId());
        Path weights = ctx.parentOutput("pretrain").resolve(TrainableModel.MODEL_FILE);
        Map<String, Object> record;
        try (NDManager manager = NDManager.newBaseManager(Devices.available(ctx.device()));
                MaskedAutoencoder mae = MaskedAutoencoder.load(weights, manager)) {
            if (!mae.config().equals(expected)) {
                throw new IllegalStateException(weights + " holds a model of config " + mae.config().toMap()
                        + ", not the job's " + expected.toMap());
            }
            record = embedTask(task, mae, manager, new Settings(embedding, batchChunks, precision, true, hearFiles),
                    ctx.outputDir(), ctx.log(), total -> ctx.progress("clips embedded", total));
        }
        record.put("parents", ctx.spec().parents());
        StageConfig.writeJson(ctx.outputDir().resolve("embedding.json"), record);
    }

    /**
     * How a task is embedded.
     *
     * @param embedding   padding and token layout
     * @param batchChunks 2-s chunks per encoder call
     * @param precision   the encoder's matrix products
     * @param harnessFiles write the harness layout ({@code <split>.npy}, {@code <split>.index.json})
     * @param hearFiles    write hear-eval-kit's per-file layout
     */
    public record Settings(EmbeddingConfig embedding, int batchChunks, Precision precision, boolean harnessFiles,
            boolean hearFiles) {}

    /**
     * Embeds every clip of {@code task} with {@code mae} into {@code out} (the harness layout, and
     * with {@link Settings#hearFiles} also {@code <split>/<file>.embedding.npy} and
     * {@code .target-labels.json}): the embed stage's work, shared with {@code harness embed}.
     *
     * @return the embedding record ({@code embedding.json} without parents)
     */
    public static Map<String, Object> embedTask(HearTask task, MaskedAutoencoder mae, NDManager manager,
            Settings settings, Path out, PrintStream log, LongFunction<Progress> progressOf) throws IOException {
        List<String> padded = new ArrayList<>();
        Map<String, Integer> splitSizes = new LinkedHashMap<>();
        SceneEmbedder embedder = new SceneEmbedder(mae, settings.embedding(), settings.batchChunks());
        try (Progress progress = progressOf.apply(task.size())) {
            for (String split : task.metadata().splits()) {
                List<Example> examples = task.examples(split);
                float[][] rows = new float[examples.size()][];
                for (int from = 0; from < examples.size(); from += CLIPS_PER_GROUP) {
                    List<Example> group = examples.subList(from, Math.min(examples.size(), from + CLIPS_PER_GROUP));
                    List<float[]> audio = new ArrayList<>();
                    for (Example e : group) {
                        audio.add(readPadded(e, padded, log));
                    }
                    List<float[][]> mels;
                    try (NDManager scope = manager.newSubManager()) {
                        mels = LogMel.features(scope, audio);
                    }
                    List<float[][]> features = mels;
                    List<float[]> embedded = Autocast.call(settings.precision(), () -> embedder.embedAll(features));
                    for (int i = 0; i < embedded.size(); i++) {
                        rows[from + i] = embedded.get(i);
                    }
                    progress.stepBy(group.size());
                }
                List<String> files = examples.stream().map(Example::file).toList();
                List<List<String>> labels = examples.stream().map(Example::labels).toList();
                if (settings.harnessFiles()) {
                    Embeddings.writeSplit(out, split, files, labels, rows);
                }
                if (settings.hearFiles()) {
                    Embeddings.writePerFile(out, split, files, labels, rows);
                }
                splitSizes.put(split, examples.size());
            }
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("task", task.name());
        record.put("dim", embedder.dimension());
        record.put("model", mae.config().toMap());
        record.put("embedding", settings.embedding().toMap());
        record.put("batch_size", settings.batchChunks());
        record.put("precision", settings.precision().key());
        if (settings.hearFiles()) {
            record.put("hear_files", true);
        }
        record.put("splits", splitSizes);
        record.put("padded_short_clips", padded);
        return record;
    }

    /** The clip at 16 kHz, padded with silence to {@link LogMel#MIN_SAMPLES} if it is shorter. */
    private static float[] readPadded(Example e, List<String> padded, PrintStream log) {
        float[] clip = AudioReader.readMono16k(e.audio());
        if (clip.length >= LogMel.MIN_SAMPLES) {
            return clip;
        }
        log.printf("[embed] %s: %d samples, padded with silence to %d%n", e.file(), clip.length, LogMel.MIN_SAMPLES);
        padded.add(e.file());
        return Arrays.copyOf(clip, LogMel.MIN_SAMPLES);
    }
}
