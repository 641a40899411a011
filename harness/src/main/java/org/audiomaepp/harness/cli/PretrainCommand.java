package org.audiomaepp.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.corpus.FeatureShards;
import org.audiomaepp.harness.corpus.Pretraining;
import org.audiomaepp.harness.jobs.JobPrecision;
import org.audiomaepp.harness.sweep.ModuleConfigs;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.nn.Precision;
import org.audiomaepp.models.train.PretrainConfig;
import org.audiomaepp.models.train.Pretrainer;
import org.audiomaepp.models.train.StepReport;
import org.audiomaepp.models.train.TrainListener;
import org.audiomaepp.models.train.TrainableModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness pretrain}: features of a corpus (cached), then the pretraining recipe, resumable. */
@Command(
        name = "pretrain",
        mixinStandardHelpOptions = true,
        description = {
            "Pretrains a masked autoencoder on a corpus of WAV/FLAC files.",
            "The corpus is first turned into normalized log-mel shards (cached in OUT/features unless --features is "
                    + "given). Training then runs the paper's recipe (AdamW, warm-up + cosine LR, one random 2-s crop per "
                    + "clip per epoch), logging every step to OUT/train_log.csv and checkpointing to OUT/checkpoints/. "
                    + "The finished run is OUT/final/ (its model.bin holds the weights and model config).",
            "Started again on the same OUT, a run resumes from its latest checkpoint and ends with the same weights as "
                    + "an uninterrupted run; a checkpoint of another config is refused (exit 2).",
        },
        footer = {"", "Example:", "  harness pretrain --corpus audio/ --out runs/tiny --model tiny --epochs 100 --batch-size 1024 --micro-batch 64 mask_ratio=0.75"})
final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--corpus", required = true, paramLabel = "DIR_OR_LIST",
            description = "directory of .wav/.flac files (scanned recursively, sorted, links followed) or a list file with one path per line")
    Path corpus;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run directory: log, checkpoints, final weights")
    Path out;

    @Option(names = "--model", required = true, paramLabel = "PRESET", description = "model preset: tiny, base, large, huge, micro, mini")
    String preset;

    @Parameters(paramLabel = "KEY=VALUE", arity = "0..*", description = "model overrides, e.g. block=vanilla mask_ratio=0.75 decoder.width=512")
    List<String> overrides = List.of();

    @Option(names = "--features", paramLabel = "DIR", description = "features directory to use or create (default: OUT/features)")
    Path features;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the corpus (default: 100; 0 = no training, the initialized model is saved)")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "effective batch, clips per optimizer step (default: 1024)")
    Integer batchSize;

    @Option(names = "--micro-batch", paramLabel = "M", description = "clips per forward/backward pass; gradients are accumulated up to the batch (default: the batch)")
    Integer microBatch;

    @Option(names = "--base-lr", paramLabel = "LR", description = "learning rate per 256 clips (default: 1.5e-4)")
    Double baseLr;

    @Option(names = "--warmup-epochs", paramLabel = "E", description = "epochs of linear warm-up (default: 10, or a tenth of --epochs when that is below 10)")
    Double warmupEpochs;

    @Option(names = "--seed", paramLabel = "S", description = "run seed: initialization, epoch order, crops, masks (default: 0)")
    Long seed;

    @Option(names = "--checkpoint-every", paramLabel = "E", description = "epochs between checkpoints, as a sweep's checkpoint_every (default: 10; a final one is always written)")
    Integer checkpointEvery;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N (default: cpu; auto is cpu here)")
    String device;

    @Option(names = "--precision", paramLabel = "P",
            description = "fp32 (default), tf32 (CUDA tensor cores; start the JVM with TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1)"
                    + " or fp16 (float16 matrix products, float32 weights, dynamic loss scaling)")
    String precision;

    @Option(names = "--feature-threads", paramLabel = "N", defaultValue = "2", description = "files decoded and featurized at once (default: ${DEFAULT-VALUE})")
    int featureThreads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelConfig modelConfig = ModelConfig.fromMap(modelMap());
        Map<String, Object> settings = ModuleConfigs.pretrainSettings(recipeMap(),
                device == null || device.equals("auto") ? "cpu" : device);
        JobPrecision.requireActive(Precision.of(precision), "pretraining");
        PrintWriter stdout = spec.commandLine().getOut();
        Path featuresDir = features != null ? features : out.resolve("features");
        Pretrainer.Result result;
        try (FeatureListener featureListener = new FeatureListener();
                ProgressListener listener = new ProgressListener()) {
            result = Pretraining.fromAudio(corpus, featuresDir, featureThreads, modelConfig, settings, out, featureListener,
                    listener);
        }
        if (result.firstStep() == result.steps()) {
            stdout.printf("%s: already complete (%d steps); weights in %s%n", out, result.steps(),
                    result.finalCheckpoint().resolve(TrainableModel.MODEL_FILE));
        } else {
            stdout.printf("%s: trained steps %d to %d of %d; weights in %s%n", out, result.firstStep() + 1,
                    result.steps(), result.steps(), result.finalCheckpoint().resolve(TrainableModel.MODEL_FILE));
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    private Map<String, Object> modelMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("preset", preset);
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("model override '" + override + "' is not KEY=VALUE (e.g. mask_ratio=0.75)");
            }
            map.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return map;
    }

    private Map<String, Object> recipeMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        putIfSet(map, "epochs", epochs);
        putIfSet(map, "batch_size", batchSize);
        putIfSet(map, "micro_batch", microBatch);
        putIfSet(map, "base_lr", baseLr);
        putIfSet(map, "warmup_epochs", warmupEpochs);
        putIfSet(map, "seed", seed);
        putIfSet(map, "checkpoint_every", checkpointEvery);
        putIfSet(map, "device", device);
        putIfSet(map, "precision", precision);
        if (epochs != null && warmupEpochs == null && epochs < PretrainConfig.defaults().warmupEpochs()) {
            // the paper's 10 warm-up epochs do not fit a shorter run: warm up over its first tenth
            map.put("warmup_epochs", epochs / 10.0);
        }
        return map;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** Feature progress on standard error, shown only when features are computed. */
    private static final class FeatureListener implements Consumer<FeatureShards.Progress>, AutoCloseable {
        private Progress progress;

        @Override
        public void accept(FeatureShards.Progress p) {
            if (progress == null) {
                progress = Progress.start("features", "files", 0, p.filesTotal());
            }
            progress.update(p.filesDone(), String.format("%.0f s audio/s", p.audioSecondsPerSecond()));
            if (p.filesDone() == p.filesTotal()) {
                progress.close();
            }
        }

        @Override
        public void close() {
            if (progress != null) {
                progress.close();
            }
        }
    }

    /** Training progress on standard error. */
    private static final class ProgressListener implements TrainListener, AutoCloseable {
        private Progress progress;

        @Override
        public void onStart(long firstStep, long totalSteps) {
            progress = Progress.start("pretrain", "steps", firstStep, totalSteps);
        }

        @Override
        public void onStep(StepReport r) {
            progress.update(r.step(), String.format("epoch %.2f, loss %.4f, lr %.3g", r.epoch(), r.loss(), r.lr()));
        }

        @Override
        public void close() {
            if (progress != null) {
                progress.close();
            }
        }
    }
}
