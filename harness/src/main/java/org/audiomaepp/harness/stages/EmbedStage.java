package org.audiomaepp.harness.stages;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        JobPrecision.requireActive(precision, "embed job " + ctx.spec().shortId());
        Path weights = ctx.parentOutput("pretrain").resolve(TrainableModel.MODEL_FILE);
        List<String> padded = new ArrayList<>();
        Map<String, Integer> splitSizes = new LinkedHashMap<>();
        int dim;
        try (NDManager manager = NDManager.newBaseManager(Devices.available(ctx.device()));
                MaskedAutoencoder mae = MaskedAutoencoder.load(weights, manager);
                Progress progress = ctx.progress("clips embedded", task.size())) {
            if (!mae.config().equals(expected)) {
                throw new IllegalStateException(weights + " holds a model of config " + mae.config().toMap()
                        + ", not the job's " + expected.toMap());
            }
            SceneEmbedder embedder = new SceneEmbedder(mae, embedding, batchChunks);
            dim = embedder.dimension();
            for (String split : task.metadata().splits()) {
                List<Example> examples = task.examples(split);
                float[][] rows = new float[examples.size()][];
                for (int from = 0; from < examples.size(); from += CLIPS_PER_GROUP) {
                    List<Example> group = examples.subList(from, Math.min(examples.size(), from + CLIPS_PER_GROUP));
                    List<float[]> audio = new ArrayList<>();
                    for (Example e : group) {
                        audio.add(readPadded(e, padded, ctx));
                    }
                    List<float[][]> mels;
                    try (NDManager scope = manager.newSubManager()) {
                        mels = LogMel.features(scope, audio);
                    }
                    List<float[][]> features = mels;
                    List<float[]> embedded = Autocast.call(precision, () -> embedder.embedAll(features));
                    for (int i = 0; i < embedded.size(); i++) {
                        rows[from + i] = embedded.get(i);
                    }
                    progress.stepBy(group.size());
                }
                Embeddings.writeSplit(ctx.outputDir(), split, examples.stream().map(Example::file).toList(),
                        examples.stream().map(Example::labels).toList(), rows);
                splitSizes.put(split, examples.size());
            }
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("task", task.name());
        record.put("dim", dim);
        record.put("model", expected.toMap());
        record.put("embedding", embedding.toMap());
        record.put("batch_size", batchChunks);
        record.put("precision", precision.key());
        record.put("splits", splitSizes);
        record.put("padded_short_clips", padded);
        record.put("parents", ctx.spec().parents());
        StageConfig.writeJson(ctx.outputDir().resolve("embedding.json"), record);
    }

    /** The clip at 16 kHz, padded with silence to {@link LogMel#MIN_SAMPLES} if it is shorter. */
    private static float[] readPadded(Example e, List<String> padded, JobContext ctx) {
        float[] clip = AudioReader.readMono16k(e.audio());
        if (clip.length >= LogMel.MIN_SAMPLES) {
            return clip;
        }
        ctx.log().printf("[embed] %s: %d samples, padded with silence to %d%n", e.file(), clip.length, LogMel.MIN_SAMPLES);
        padded.add(e.file());
        return Arrays.copyOf(clip, LogMel.MIN_SAMPLES);
    }
}
