package org.audiomaepp.models.mae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.SplittableRandom;
import org.audiomaepp.models.config.ModelConfig;

/**
 * Measures by hand the forward and forward+backward time of one masked-autoencoder step of a
 * preset, for both block kinds, on random spectrograms (no optimizer: {@code TrainBenchmark}
 * measures whole steps):
 *
 * <pre>
 * mvn -B -o -DskipTests package
 * OMP_NUM_THREADS=2 java -cp harness/target/harness.jar org.audiomaepp.models.mae.StepBenchmark PRESET [BATCH [STEPS]]
 * </pre>
 *
 * The first step of each block is a warm-up and is marked so.
 */
public final class StepBenchmark {

    private StepBenchmark() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: StepBenchmark PRESET [BATCH [STEPS]]");
            System.exit(2);
        }
        String preset = args[0];
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        for (String block : new String[] {"plusplus", "vanilla"}) {
            ModelConfig config = ModelConfig.fromMap(Map.of("preset", preset, "block", block));
            try (NDManager base = NDManager.newBaseManager();
                    MaskedAutoencoder mae = MaskedAutoencoder.create(config, base, 0)) {
                NDArray spec = randomBatch(base, config, batch);
                for (int step = 0; step <= steps; step++) {
                    long t0 = System.nanoTime();
                    long t1;
                    try (NDManager s = base.newSubManager();
                            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = mae.loss(spec, step);
                        loss.getFloat();
                        t1 = System.nanoTime();
                        gc.backward(loss);
                    }
                    long t2 = System.nanoTime();
                    System.out.printf("%s/%s batch %d step %d: forward %.0f ms, forward+backward %.0f ms%s%n", preset,
                            block, batch, step, (t1 - t0) / 1e6, (t2 - t0) / 1e6, step == 0 ? " (warm-up)" : "");
                }
            }
        }
    }

    private static NDArray randomBatch(NDManager m, ModelConfig c, int batch) {
        SplittableRandom rng = new SplittableRandom(1);
        float[] v = new float[batch * c.inputFrames() * c.melBins()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return m.create(v, new Shape(batch, 1, c.inputFrames(), c.melBins()));
    }
}
