package org.audiomaepp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RotaryTest {
    private static final int HEAD_DIM = 16;

    private static float[] randomVector(SplittableRandom rng) {
        float[] v = new float[HEAD_DIM];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    /** RoPE of one head vector at one position, through the engine. */
    private static float[] rotate(NDManager m, float[] v, int position) {
        Rotary rope = Rotary.create(m, new int[][] {{position}}, HEAD_DIM);
        return rope.apply(m.create(v, new Shape(1, 1, 1, HEAD_DIM))).toFloatArray();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void queryKeyProductDependsOnlyOnThePositionDifference() {
        SplittableRandom rng = new SplittableRandom(7);
        float[] q = randomVector(rng);
        float[] k = randomVector(rng);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int delta : new int[] {0, 1, 5, 37}) {
                double reference = dot(rotate(m, q, delta), rotate(m, k, 0));
                for (int p : new int[] {1, 13, 120, 250}) {
                    assertEquals(reference, dot(rotate(m, q, p + delta), rotate(m, k, p)), 1e-4,
                            "delta " + delta + " at " + p);
                }
            }
            double near = dot(rotate(m, q, 3), rotate(m, k, 0));
            double far = dot(rotate(m, q, 40), rotate(m, k, 0));
            assertEquals(false, Math.abs(near - far) < 1e-3, "different offsets should give different products");
        }
    }

    @Test
    void rotatesInterleavedPairsByPositionTimesTheta() {
        float[] v = new float[HEAD_DIM];
        v[0] = 1;
        v[2] = 1;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] r = rotate(m, v, 3);
            assertEquals(Math.cos(3.0), r[0], 1e-5);
            assertEquals(Math.sin(3.0), r[1], 1e-5);
            double theta1 = Math.pow(10000, -2.0 / HEAD_DIM);
            assertEquals(Math.cos(3 * theta1), r[2], 1e-5);
            assertEquals(Math.sin(3 * theta1), r[3], 1e-5);
            assertArrayEquals(v, rotate(m, v, 0), 0f);
        }
    }

    @Test
    void perSampleRowsRotateEachSampleByItsOwnPositions() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] a = randomVector(rng);
        float[] b = randomVector(rng);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] both = new float[2 * HEAD_DIM];
            System.arraycopy(a, 0, both, 0, HEAD_DIM);
            System.arraycopy(b, 0, both, HEAD_DIM, HEAD_DIM);
            Rotary rope = Rotary.create(m, new int[][] {{4}, {9}}, HEAD_DIM);
            NDArray out = rope.apply(m.create(both, new Shape(2, 1, 1, HEAD_DIM)));
            float[] r = out.toFloatArray();
            float[] ra = new float[HEAD_DIM];
            float[] rb = new float[HEAD_DIM];
            System.arraycopy(r, 0, ra, 0, HEAD_DIM);
            System.arraycopy(r, HEAD_DIM, rb, 0, HEAD_DIM);
            assertArrayEquals(rotate(m, a, 4), ra, 1e-6f);
            assertArrayEquals(rotate(m, b, 9), rb, 1e-6f);
        }
    }
}
