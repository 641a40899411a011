package org.audiomaepp.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.nn.NamedParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LossScalerTest {

    @TempDir
    Path tmp;

    @Test
    void startsLikeGradScaler() {
        LossScaler s = new LossScaler();
        assertEquals(65536f, s.scale());
        assertEquals(2000, s.growthInterval());
        assertEquals(new LossScaler.State(65536.0, 0, 0), s.state());
    }

    @Test
    void anOverflowHalvesTheScaleAndRestartsTheCleanCount() {
        LossScaler s = new LossScaler(1024, 3);
        s.update(true);
        s.update(true);
        s.update(false);
        assertEquals(new LossScaler.State(512, 0, 1), s.state());
        s.update(false);
        assertEquals(new LossScaler.State(256, 0, 2), s.state());
    }

    @Test
    void theScaleDoublesAfterEveryGrowthIntervalOfCleanSteps() {
        LossScaler s = new LossScaler(1024, 3);
        s.update(true);
        s.update(true);
        assertEquals(1024f, s.scale(), "not yet after 2 of 3");
        s.update(true);
        assertEquals(2048f, s.scale());
        for (int i = 0; i < 3; i++) {
            s.update(true);
        }
        assertEquals(new LossScaler.State(4096, 0, 0), s.state());
    }

    @ParameterizedTest(name = "initial scale {0}")
    @ValueSource(doubles = {0, -2, 3, 1000})
    void theScaleMustBeAPowerOfTwo(double scale) {
        assertThrows(IllegalArgumentException.class, () -> new LossScaler(scale, 10));
    }

    @ParameterizedTest(name = "gradient {0}")
    @ValueSource(floats = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN})
    void aNonFiniteGradientSkipsTheStepLeavingWeightsAndOptimizerStateAlone(float bad) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NamedParameter> params = params(manager);
            try (AdamW adam = new AdamW(params, manager, 0.9, 0.95, 1e-8, 0.05)) {
                LossScaler s = new LossScaler(1024, 2000);
                setGradients(params, 512f, 3f);
                assertTrue(s.step(adam, params, 0.1, manager), "a finite step is taken");
                byte[] weights = bytes(params);
                byte[] moments = bytes(adam.firstMoments(manager));
                setGradients(params, 5f, bad);

                assertFalse(s.step(adam, params, 0.1, manager));
                assertArrayEquals(weights, bytes(params), "weights unchanged");
                assertArrayEquals(moments, bytes(adam.firstMoments(manager)), "moments unchanged");
                assertEquals(1, adam.stepCount(), "AdamW's bias-correction step does not advance");
                assertEquals(new LossScaler.State(512, 0, 1), s.state());
            }
        }
    }

    @Test
    void gradientsAreUnscaledBeforeTheOptimizerSeesThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NamedParameter> scaledParams = params(manager);
            List<NamedParameter> plainParams = params(manager);
            try (AdamW scaled = new AdamW(scaledParams, manager, 0.9, 0.95, 1e-8, 0.05);
                    AdamW plain = new AdamW(plainParams, manager, 0.9, 0.95, 1e-8, 0.05)) {
                setGradients(scaledParams, 0.25f * 1024, -3f * 1024);
                setGradients(plainParams, 0.25f, -3f);
                new LossScaler(1024, 2000).step(scaled, scaledParams, 0.1, manager);
                plain.step(0.1, manager);
                assertArrayEquals(bytes(plainParams), bytes(scaledParams));
            }
        }
    }

    @Test
    void theStateRoundTripsThroughACheckpoint() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NamedParameter> params = params(manager);
            try (AdamW adam = new AdamW(params, manager, 0.9, 0.95, 1e-8, 0.05)) {
                LossScaler s = new LossScaler(8192, 7);
                s.update(false);
                s.update(true);
                s.update(true);
                Path dir = tmp.resolve("ckpt");
                Checkpoint.write(dir, meta(params), params, adam, s);

                LossScaler restored = new LossScaler();
                Checkpoint.restore(dir, params, adam, restored);
                assertEquals(new LossScaler.State(4096, 2, 1), restored.state());
                assertEquals("fp16 (float32 weights)",
                        new ObjectMapper().readTree(dir.resolve(Checkpoint.META_FILE).toFile()).get("precision").asText());

                Checkpoint.write(tmp.resolve("fp32"), meta(params), params, adam);
                assertThrows(BadConfigException.class, () -> Checkpoint.restore(tmp.resolve("fp32"), params, adam, new LossScaler()));
            }
        }
    }

    private static Checkpoint.Meta meta(List<NamedParameter> params) {
        ObjectMapper json = new ObjectMapper();
        return new Checkpoint.Meta(3, 0, 3, 1.0, json.valueToTree(Map.of("id", 1)),
                json.valueToTree(Map.of("precision", "fp16")), Checkpoint.tensorsOf(params));
    }

    private static List<NamedParameter> params(NDManager manager) {
        NDArray w = manager.create(new float[] {1f, -2f}, new Shape(2));
        NDArray b = manager.create(new float[] {0.5f}, new Shape(1));
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        return List.of(new NamedParameter("w", w, true), new NamedParameter("b", b, false));
    }

    /** Leaves w's gradient (g0, g1) and b's g0, by a backward pass of {@code w·(g0, g1) + b·g0}. */
    private static void setGradients(List<NamedParameter> params, float g0, float g1) {
        NDArray w = params.get(0).array();
        NDArray b = params.get(1).array();
        NDManager manager = w.getManager();
        try (NDManager scope = manager.newSubManager()) {
            if (w.hasGradient()) {
                w.getGradient().muli(0f);
                b.getGradient().muli(0f);
            }
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray loss = w.mul(scope.create(new float[] {g0, g1})).sum().add(b.mul(scope.create(new float[] {g0})).sum());
                collector.backward(loss);
            }
        }
    }

    private static byte[] bytes(List<?> arrays) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object o : arrays) {
            NDArray a = o instanceof NamedParameter p ? p.array() : (NDArray) o;
            out.writeBytes(a.toByteArray());
        }
        return out.toByteArray();
    }
}
