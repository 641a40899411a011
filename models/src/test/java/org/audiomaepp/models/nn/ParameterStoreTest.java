package org.audiomaepp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParameterStoreTest {

    @Test
    void sameSeedGivesSameBytesAndOtherSeedsOtherValues() {
        ParameterStore.Source a = ParameterStore.seeded(11);
        ParameterStore.Source b = ParameterStore.seeded(11);
        ParameterStore.Source c = ParameterStore.seeded(12);
        Shape shape = new Shape(64, 192);
        float[] first = a.values("w", shape, Init.XAVIER_UNIFORM);
        assertArrayEquals(first, b.values("w", shape, Init.XAVIER_UNIFORM), 0f);
        assertFalse(java.util.Arrays.equals(first, c.values("w", shape, Init.XAVIER_UNIFORM)));
        assertFalse(java.util.Arrays.equals(first, a.values("other", shape, Init.XAVIER_UNIFORM)));
    }

    @Test
    void xavierStaysWithinItsBoundAndFillsIt() {
        float[] v = Init.XAVIER_UNIFORM.draw(new Shape(64, 192), new SplittableRandom(1));
        double bound = Math.sqrt(6.0 / (64 + 192));
        double max = 0;
        for (float x : v) {
            assertTrue(Math.abs(x) <= bound);
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max > 0.99 * bound);
    }

    @Test
    void normalTokensHaveStandardDeviationTwoHundredths() {
        float[] v = Init.NORMAL_002.draw(new Shape(100_000), new SplittableRandom(1));
        double sq = 0;
        for (float x : v) {
            sq += x * x;
        }
        assertEquals(0.02, Math.sqrt(sq / v.length), 0.0005);
    }

    @Test
    void layersRegisterNamedParametersWithTheirDecayFlags() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(m, ParameterStore.seeded(0));
            Linear.create(store, "fc", 4, 8);
            LayerNorm.create(store, "ln", 8);
            var params = store.parameters();
            assertEquals(java.util.List.of("fc.weight", "fc.bias", "ln.weight", "ln.bias"),
                    params.stream().map(NamedParameter::name).toList());
            assertEquals(java.util.List.of(true, false, false, false),
                    params.stream().map(NamedParameter::decay).toList());
            assertArrayEquals(new float[8], params.get(1).array().toFloatArray(), 0f);
            assertEquals(8f, params.get(2).array().sum().getFloat(), 0f);
            assertTrue(params.get(0).array().hasGradient());
        }
    }
}
