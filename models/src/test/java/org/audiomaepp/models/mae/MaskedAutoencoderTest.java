package org.audiomaepp.models.mae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.nn.NamedParameter;
import org.audiomaepp.models.nn.ParameterFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskedAutoencoderTest {
    private static NDManager base;

    @BeforeAll
    static void start() {
        base = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        base.close();
    }

    static ModelConfig micro(Object... overrides) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("preset", "micro");
        for (int i = 0; i < overrides.length; i += 2) {
            m.put((String) overrides[i], overrides[i + 1]);
        }
        return ModelConfig.fromMap(m);
    }

    /** A fixed batch of structured, normalized spectrograms: tones, sweeps and noise. */
    static NDArray syntheticBatch(NDManager m, int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[batch * 200 * 80];
        for (int b = 0; b < batch; b++) {
            int band = 5 + rng.nextInt(60);
            double slope = rng.nextDouble() * 0.2 - 0.1;
            for (int t = 0; t < 200; t++) {
                for (int f = 0; f < 80; f++) {
                    double centre = band + slope * t;
                    double tone = Math.exp(-0.5 * Math.pow((f - centre) / 2.0, 2)) * 3;
                    double pulse = (t / 25) % 2 == 0 ? 1 : 0;
                    v[(b * 200 + t) * 80 + f] = (float) (tone * pulse + 0.1 * rng.nextGaussian() - 0.3);
                }
            }
        }
        return m.create(v, new Shape(batch, 1, 200, 80));
    }

    private static float[] values(MaskedAutoencoder mae, java.util.function.Function<NDManager, NDArray> f) {
        try (NDManager step = base.newSubManager()) {
            return f.apply(step).toFloatArray();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"patch, 250, 64", "frame, 100, 64"})
    void encodeGivesOneVectorPerTokenWithoutCls(String tokens, int length, int width) {
        try (MaskedAutoencoder mae = MaskedAutoencoder.create(micro("tokens", tokens), base, 0);
                NDManager step = base.newSubManager()) {
            NDArray out = mae.encode(syntheticBatch(step, 3, 1));
            assertEquals(new Shape(3, length, width), out.getShape());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"block=plusplus", "block=vanilla", "tokens=frame", "masking=chunk", "masking=time",
        "rope=both", "rope=decoder", "ffn2_norm=own"})
    void lossIsAFinitePositiveScalarForEveryOption(String option) {
        String[] kv = option.split("=");
        try (MaskedAutoencoder mae = MaskedAutoencoder.create(micro(kv[0], kv[1]), base, 0);
                NDManager step = base.newSubManager()) {
            NDArray loss = mae.loss(syntheticBatch(step, 2, 1), 5);
            assertEquals(new Shape(), loss.getShape());
            float value = loss.getFloat();
            assertTrue(Float.isFinite(value) && value > 0, "loss " + value);
        }
    }

    /** Squared error per token value, averaged per token, then over the masked tokens only. */
    @Test
    void lossAveragesTheSquaredErrorOverMaskedTokensOnly() {
        try (MaskedAutoencoder mae = MaskedAutoencoder.create(micro(), base, 2);
                NDManager step = base.newSubManager()) {
            NDArray spec = syntheticBatch(step, 2, 6);
            Mask mask = mae.sampleMask(2, 17);
            float[] prediction = mae.reconstruct(spec, mask).toFloatArray();
            float[] target = Tokenizer.tokenize(spec, mae.config()).toFloatArray();
            double sum = 0;
            int count = 0;
            for (int b = 0; b < 2; b++) {
                for (int g = 0; g < 250; g++) {
                    if (mask.isMasked(b, g)) {
                        double err = 0;
                        for (int v = 0; v < 64; v++) {
                            int i = (b * 250 + g) * 64 + v;
                            err += Math.pow(prediction[i] - target[i], 2);
                        }
                        sum += err / 64;
                        count++;
                    }
                }
            }
            assertEquals(400, count);
            assertEquals(sum / count, mae.loss(spec, mask).getFloat(), 1e-5 * sum / count);
            assertEquals(mae.loss(spec, 17).getFloat(), mae.loss(spec, 17).getFloat(), 0f,
                    "same inputs and seed, same bytes");
        }
    }

    @Test
    void sameInitSeedGivesSameBytesAndAnotherSeedDifferentOnes() {
        try (MaskedAutoencoder a = MaskedAutoencoder.create(micro(), base, 42);
                MaskedAutoencoder b = MaskedAutoencoder.create(micro(), base, 42);
                MaskedAutoencoder c = MaskedAutoencoder.create(micro(), base, 43)) {
            for (int i = 0; i < a.parameters().size(); i++) {
                float[] av = a.parameters().get(i).array().toFloatArray();
                assertArrayEquals(av, b.parameters().get(i).array().toFloatArray(), 0f);
                if (a.parameters().get(i).decay()) {
                    assertFalse(Arrays.equals(av, c.parameters().get(i).array().toFloatArray()));
                }
            }
        }
    }

    @Test
    void weightsAndTokensDecayButBiasesAndNormsDoNot() {
        try (MaskedAutoencoder mae = MaskedAutoencoder.create(micro(), base, 0)) {
            for (NamedParameter p : mae.parameters()) {
                boolean isNormOrBias = p.name().endsWith(".bias") || p.name().contains("norm");
                boolean isToken = p.name().endsWith("cls_token") || p.name().endsWith("mask_token");
                assertEquals(!isNormOrBias || isToken, p.decay(), p.name());
            }
            assertEquals("encoder.token_embed.weight", mae.parameters().get(0).name());
        }
    }

    @Test
    void ropeSequenceAndGridPositionsAgreeWithoutMaskingAndDifferUnderMasking() {
        try (MaskedAutoencoder seq = MaskedAutoencoder.create(micro("rope", "both"), base, 3);
                MaskedAutoencoder grid = MaskedAutoencoder.create(
                        micro("rope", "both", "rope_positions", "grid"), base, 3)) {
            float[] a = values(seq, m -> seq.encode(syntheticBatch(m, 2, 9)));
            float[] b = values(grid, m -> grid.encode(syntheticBatch(m, 2, 9)));
            assertArrayEquals(a, b, 0f);
            float la = values(seq, m -> seq.loss(syntheticBatch(m, 2, 9), 4))[0];
            float lb = values(grid, m -> grid.loss(syntheticBatch(m, 2, 9), 4))[0];
            assertTrue(Math.abs(la - lb) > 1e-6, la + " vs " + lb);
        }
    }

    /**
     * Without RoPE the encoder does not care in which order the kept tokens arrive, so if the
     * decoder un-shuffles correctly, re-ordering the kept and the masked tokens leaves the loss as is.
     */
    @Test
    void lossDoesNotDependOnTheOrderTokensArriveInWithoutRope() {
        try (MaskedAutoencoder mae = MaskedAutoencoder.create(micro(), base, 1)) {
            Mask mask = mae.sampleMask(2, 8);
            int[][] reordered = new int[2][];
            for (int b = 0; b < 2; b++) {
                int[] o = mask.order()[b];
                reordered[b] = o.clone();
                reverse(reordered[b], 0, mask.kept());
                reverse(reordered[b], mask.kept(), o.length);
            }
            Mask other = new Mask(reordered, mask.kept());
            float la = values(mae, m -> mae.loss(syntheticBatch(m, 2, 2), mask))[0];
            float lb = values(mae, m -> mae.loss(syntheticBatch(m, 2, 2), other))[0];
            assertEquals(la, lb, 1e-5 * la);
        }
    }

    private static void reverse(int[] a, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Test
    void ownSwigluNormUsesLn3AndSharedIgnoresIt() {
        try (MaskedAutoencoder shared = MaskedAutoencoder.create(micro(), base, 5);
                MaskedAutoencoder own = MaskedAutoencoder.create(micro("ffn2_norm", "own"), base, 5)) {
            float[] sharedBefore = values(shared, m -> shared.encode(syntheticBatch(m, 1, 3)));
            assertArrayEquals(sharedBefore, values(own, m -> own.encode(syntheticBatch(m, 1, 3))), 0f,
                    "LN3 starts equal to LN2");
            for (MaskedAutoencoder mae : List.of(shared, own)) {
                for (NamedParameter p : mae.parameters()) {
                    if (p.name().contains("norm3.weight")) {
                        float[] twos = new float[(int) p.size()];
                        Arrays.fill(twos, 2f);
                        p.array().set(twos);
                    }
                }
            }
            assertArrayEquals(sharedBefore, values(shared, m -> shared.encode(syntheticBatch(m, 1, 3))), 0f);
            assertFalse(Arrays.equals(sharedBefore, values(own, m -> own.encode(syntheticBatch(m, 1, 3)))));
        }
    }

    @Test
    void aTrainingStepLeavesNothingBehindInTheParametersManager() {
        try (MaskedAutoencoder mae = MaskedAutoencoder.create(micro("rope", "both", "rope_positions", "grid"), base,
                0)) {
            NDManager params = mae.parameters().get(0).array().getManager();
            int before = params.getManagedArrays().size();
            for (int i = 0; i < 2; i++) {
                try (NDManager step = base.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(mae.loss(syntheticBatch(step, 2, i), i));
                    mae.encode(syntheticBatch(step, 1, i));
                }
            }
            assertEquals(before, params.getManagedArrays().size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plusplus", "vanilla"})
    void lossFallsOverThirtyAdamSteps(String block) {
        try (MaskedAutoencoder mae = MaskedAutoencoder.create(micro("block", block), base, 0);
                NDManager state = base.newSubManager()) {
            NDArray batch = syntheticBatch(state, 2, 11);
            List<NDArray> m1 = new ArrayList<>();
            List<NDArray> m2 = new ArrayList<>();
            for (NamedParameter p : mae.parameters()) {
                m1.add(state.zeros(p.array().getShape()));
                m2.add(state.zeros(p.array().getShape()));
            }
            float[] losses = new float[30];
            for (int step = 0; step < losses.length; step++) {
                try (NDManager s = base.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = mae.loss(batch, step);
                        gc.backward(loss);
                        losses[step] = loss.getFloat();
                    }
                    adam(mae.parameters(), m1, m2, step + 1, 2e-3f, s);
                }
            }
            double first = mean(losses, 0, 5);
            double last = mean(losses, 25, 30);
            assertTrue(last < 0.8 * first, "loss " + first + " -> " + last + ": " + Arrays.toString(losses));
        }
    }

    /** Plain Adam (no weight decay) for the test; gradients are read, used and zeroed. */
    private static void adam(List<NamedParameter> params, List<NDArray> m1, List<NDArray> m2, int t, float lr,
            NDManager scratch) {
        float b1 = 0.9f;
        float b2 = 0.999f;
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).array();
            try (NDArray grad = w.getGradient()) {
                NDArray g = grad.duplicate();
                g.attach(scratch);
                m1.get(i).muli(b1).addi(g.mul(1 - b1));
                m2.get(i).muli(b2).addi(g.square().mul(1 - b2));
                NDArray mHat = m1.get(i).div(1 - Math.pow(b1, t));
                NDArray vHat = m2.get(i).div(1 - Math.pow(b2, t));
                NDArray update = mHat.div(vHat.sqrt().add(1e-8f)).mul(lr);
                update.attach(scratch);
                w.subi(update);
                grad.subi(grad);
            }
        }
    }

    private static double mean(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs(@TempDir Path dir) {
        Path file = dir.resolve("mae.params");
        ModelConfig config = micro("block", "vanilla", "rope", "decoder", "tokens", "frame");
        try (MaskedAutoencoder mae = MaskedAutoencoder.create(config, base, 9)) {
            mae.save(file);
            try (MaskedAutoencoder loaded = MaskedAutoencoder.load(file, base)) {
                assertEquals(config, loaded.config());
                assertArrayEquals(values(mae, m -> mae.encode(syntheticBatch(m, 2, 1))),
                        values(loaded, m -> loaded.encode(syntheticBatch(m, 2, 1))), 0f);
                assertArrayEquals(values(mae, m -> mae.loss(syntheticBatch(m, 2, 1), 3)),
                        values(loaded, m -> loaded.loss(syntheticBatch(m, 2, 1), 3)), 0f);
            }
            try (MaskedAutoencoder other = MaskedAutoencoder.create(config, base, 10)) {
                NDArray firstWeight = other.parameters().get(0).array();
                other.restore(file);
                assertTrue(firstWeight.hasGradient(), "restored parameters stay trainable");
                assertArrayEquals(mae.parameters().get(0).array().toFloatArray(), firstWeight.toFloatArray(), 0f);
                assertArrayEquals(values(mae, m -> mae.encode(syntheticBatch(m, 2, 1))),
                        values(other, m -> other.encode(syntheticBatch(m, 2, 1))), 0f);
            }
            try (MaskedAutoencoder differentConfig = MaskedAutoencoder.create(micro(), base, 10)) {
                assertThrows(BadConfigException.class, () -> differentConfig.restore(file));
            }
        }
    }

    @Test
    void loadingTensorsThatDoNotFitTheirConfigFailsClearly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mixed.params");
        try (MaskedAutoencoder plusplus = MaskedAutoencoder.create(micro(), base, 0);
                MaskedAutoencoder vanilla = MaskedAutoencoder.create(micro("block", "vanilla"), base, 0)) {
            plusplus.save(file);
            String metadata = ParameterFile.read(file).metadata();
            ParameterFile.write(file, metadata, vanilla.parameters());
            BadConfigException e = assertThrows(BadConfigException.class, () -> MaskedAutoencoder.load(file, base));
            assertTrue(e.getMessage().contains("lacks"), e.getMessage());
            ParameterFile.write(file, "{\"format\":\"something else\"}", vanilla.parameters());
            assertThrows(BadConfigException.class, () -> MaskedAutoencoder.load(file, base));
        }
    }
}
