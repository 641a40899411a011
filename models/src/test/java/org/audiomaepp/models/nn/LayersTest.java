package org.audiomaepp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The engine-backed layers against plain loops over the same numbers. */
class LayersTest {
    private static final int N = 5;
    private static final int D = 8;
    private static final int HEADS = 2;

    private static float[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    /** x·W + b for row-major x [rows, in] and W [in, out]. */
    private static double[] linear(double[] x, int rows, float[] w, float[] b, int in, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * w[i * out + o];
                }
                y[r * out + o] = s;
            }
        }
        return y;
    }

    @Test
    void attentionMatchesTheTextbookFormulaHeadByHead() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(m, ParameterStore.seeded(4));
            Attention attn = Attention.create(store, "attn", D, HEADS);
            float[] x = random(N * D, 1);
            float[] out = attn.forward(m.create(x, new Shape(1, N, D)), null).toFloatArray();

            double[] xd = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                xd[i] = x[i];
            }
            double[] qkv = linear(xd, N, attn.qkv().weight().toFloatArray(), attn.qkv().bias().toFloatArray(), D,
                    3 * D);
            int hd = D / HEADS;
            double[] heads = new double[N * D];
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < N; i++) {
                    double[] scores = new double[N];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < N; j++) {
                        double s = 0;
                        for (int c = 0; c < hd; c++) {
                            s += qkv[i * 3 * D + h * hd + c] * qkv[j * 3 * D + D + h * hd + c];
                        }
                        scores[j] = s / Math.sqrt(hd);
                        max = Math.max(max, scores[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < N; j++) {
                        scores[j] = Math.exp(scores[j] - max);
                        z += scores[j];
                    }
                    for (int c = 0; c < hd; c++) {
                        double s = 0;
                        for (int j = 0; j < N; j++) {
                            s += scores[j] / z * qkv[j * 3 * D + 2 * D + h * hd + c];
                        }
                        heads[i * D + h * hd + c] = s;
                    }
                }
            }
            double[] expected = linear(heads, N, attn.proj().weight().toFloatArray(),
                    attn.proj().bias().toFloatArray(), D, D);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], out[i], 1e-4, "value " + i);
            }
        }
    }

    @Test
    void layerNormUsesPopulationVarianceAndEpsOneMillionth() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(m, ParameterStore.seeded(0));
            LayerNorm norm = LayerNorm.create(store, "ln", 4);
            float[] y = norm.forward(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 4))).toFloatArray();
            double sd = Math.sqrt(1.25 + 1e-6);
            assertArrayEquals(new float[] {(float) (-1.5 / sd), (float) (-0.5 / sd), (float) (0.5 / sd),
                (float) (1.5 / sd)}, y, 1e-6f);
        }
    }

    @Test
    void mlpActivationsAreExactGeluAndSilu() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray one = m.create(new float[] {1f});
            assertEquals(0.8413447f, ai.djl.nn.Activation.gelu(one).getFloat(), 1e-6f);
            assertEquals((float) (1 / (1 + Math.exp(-1))), Mlp.silu(one).getFloat(), 1e-6f);
        }
    }
}
