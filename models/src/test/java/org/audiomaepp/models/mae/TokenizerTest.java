package org.audiomaepp.models.mae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.audiomaepp.models.config.ModelConfig;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    /** A spectrogram whose every bin says where it is: value = frame · 1000 + mel. */
    private static NDArray labelled(NDManager m, int batch) {
        float[] v = new float[batch * 200 * 80];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < 200; t++) {
                for (int mel = 0; mel < 80; mel++) {
                    v[(b * 200 + t) * 80 + mel] = b * 1_000_000 + t * 1000 + mel;
                }
            }
        }
        return m.create(v, new Shape(batch, 1, 200, 80));
    }

    @Test
    void patchTokensAreTimeMajorAndHoldTimeThenMel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray tokens = Tokenizer.tokenize(labelled(m, 2), ModelConfig.of("micro"));
            assertEquals(new Shape(2, 250, 64), tokens.getShape());
            float[] v = tokens.toFloatArray();
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 50; t++) {
                    for (int f = 0; f < 5; f++) {
                        for (int dt = 0; dt < 4; dt++) {
                            for (int dm = 0; dm < 16; dm++) {
                                int index = ((b * 250 + t * 5 + f) * 64) + dt * 16 + dm;
                                float expected = b * 1_000_000 + (4 * t + dt) * 1000 + 16 * f + dm;
                                assertEquals(expected, v[index], 0f);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void frameTokensHoldTwoWholeFramesInTimeOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray tokens = Tokenizer.tokenize(labelled(m, 1),
                    ModelConfig.fromMap(Map.of("preset", "micro", "tokens", "frame")));
            assertEquals(new Shape(1, 100, 160), tokens.getShape());
            float[] v = tokens.toFloatArray();
            for (int i = 0; i < 100; i++) {
                for (int j = 0; j < 160; j++) {
                    assertEquals((2 * i + j / 80) * 1000 + j % 80, v[i * 160 + j], 0f);
                }
            }
        }
    }
}
