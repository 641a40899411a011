package org.audiomaepp.models.mae;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.audiomaepp.models.config.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints forward and forward+backward time of one pretraining step; a measurement to run by hand,
 * not a check: {@code mvn -o -pl models test -Dtest=StepTimingTest -Dtiming.preset=tiny -Dtiming.batch=8}.
 */
@EnabledIfSystemProperty(named = "timing.preset", matches = ".+")
class StepTimingTest {

    @Test
    void printStepTimes() {
        String preset = System.getProperty("timing.preset");
        int batch = Integer.parseInt(System.getProperty("timing.batch", "8"));
        int steps = Integer.parseInt(System.getProperty("timing.steps", "5"));
        for (String block : new String[] {"plusplus", "vanilla"}) {
            ModelConfig config = ModelConfig.fromMap(Map.of("preset", preset, "block", block));
            try (NDManager base = NDManager.newBaseManager();
                    MaskedAutoencoder mae = MaskedAutoencoder.create(config, base, 0)) {
                NDArray spec = MaskedAutoencoderTest.syntheticBatch(base, batch, 1);
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
}
