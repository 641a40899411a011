package org.audiomaepp.models.train;

import org.audiomaepp.core.FileTrees;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.mae.MaskedAutoencoder;

/**
 * Measures pretraining speed by hand: full optimizer steps (crops, forward, backward, AdamW) of a
 * preset at a batch size, on random spectrograms, then prints steps per second and the process's
 * peak resident memory. Run one configuration per process (peak memory is per process):
 *
 * <pre>
 * mvn -B -o -DskipTests package
 * OMP_NUM_THREADS=2 java -cp harness/target/harness.jar org.audiomaepp.models.train.TrainBenchmark PRESET BATCH [STEPS [MICRO_BATCH [DEVICE [PRECISION]]]]
 * </pre>
 *
 * One untimed step comes first; the losses of the timed steps are read back once, after the last
 * (as a run reads them every {@link Pretrainer#DEFAULT_READ_LOSS_EVERY} steps), so that on a GPU the
 * time is the device's, not a wait per step. {@code bench/compare.sh} runs it beside a plain PyTorch
 * version of the same step. Set {@code OMP_NUM_THREADS} to the free cores: PyTorch's CPU
 * threads slow down sharply when the machine is oversubscribed.
 */
public final class TrainBenchmark {

    private TrainBenchmark() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TrainBenchmark PRESET BATCH [STEPS [MICRO_BATCH [DEVICE [PRECISION]]]]");
            System.exit(2);
        }
        String preset = args[0];
        int batch = Integer.parseInt(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (steps < 1) {
            System.err.println("TrainBenchmark: STEPS must be at least 1");
            System.exit(2);
        }
        int micro = args.length > 3 ? Integer.parseInt(args[3]) : batch;
        String device = args.length > 4 ? args[4] : "cpu";
        String precision = args.length > 5 ? args[5] : "fp32";
        ModelConfig modelConfig;
        PretrainConfig config;
        try {
            modelConfig = ModelConfig.of(preset);
            config = PretrainConfig.fromMap(Map.of("epochs", 1000, "batch_size", batch, "micro_batch", micro, "warmup_epochs", 1,
                    "device", device, "precision", precision));
        } catch (BadConfigException e) {
            System.err.println("TrainBenchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        SplittableRandom rng = new SplittableRandom(0);
        float[][] clips = new float[batch][Crops.FRAMES * 5 * SpectrogramCorpus.MEL_BINS];
        for (float[] clip : clips) {
            for (int i = 0; i < clip.length; i++) {
                clip[i] = (float) rng.nextGaussian();
            }
        }
        SpectrogramCorpus corpus = new SpectrogramCorpus() {
            @Override
            public int clipCount() {
                return batch;
            }

            @Override
            public int frames(int clip) {
                return clips[clip].length / MEL_BINS;
            }

            @Override
            public void read(int clip, int startFrame, int frames, float[] dst, int offset) {
                System.arraycopy(clips[clip], startFrame * MEL_BINS, dst, offset, frames * MEL_BINS);
            }
        };
        Path out = Files.createTempDirectory("train-benchmark");
        try (NDManager manager = NDManager.newBaseManager(Devices.available(config.device()));
                MaskedAutoencoder mae = MaskedAutoencoder.create(modelConfig, manager, 0)) {
            TrainableModel model = TrainableModel.of(mae);
            Pretrainer trainer = new Pretrainer(config, modelConfig.toMap(), out);
            for (var p : model.parameters()) {
                p.array().setRequiresGradient(true);
            }
            long params = model.parameters().stream().mapToLong(p -> p.array().size()).sum();
            try (AdamW optimizer = AdamW.of(config, model.parameters(), manager)) {
                int[] order = Crops.epochOrder(0, 0, batch);
                trainer.step(model, optimizer, manager, corpus, order, 0, 0, 0, 1e-4).value();
                long t0 = System.nanoTime();
                List<Pretrainer.StepLoss> losses = new ArrayList<>();
                for (int s = 1; s <= steps; s++) {
                    losses.add(trainer.step(model, optimizer, manager, corpus, order, s, 0, s, 1e-4));
                }
                // read back once, as a run does every few steps: waits for the device to finish
                float loss = losses.get(losses.size() - 1).value();
                double seconds = (System.nanoTime() - t0) / 1e9;
                losses.forEach(Pretrainer.StepLoss::close);
                System.out.printf("preset=%s params=%d batch=%d micro_batch=%d device=%s precision=%s steps=%d seconds=%.2f"
                        + " steps_per_s=%.4f clips_per_s=%.2f last_loss=%.4f peak_rss_mib=%d threads=%s%n",
                        preset, params, batch, micro, config.device(), config.precision().key(), steps, seconds, steps / seconds,
                        steps * batch / seconds, loss,
                        peakRssKib() / 1024, System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
                System.out.println("engine: " + EngineInfo.load().line());
            }
        } finally {
            FileTrees.deleteTree(out);
        }
    }

    /** VmHWM of /proc/self/status (Linux), or -1. */
    private static long peakRssKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
