package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding over a head's whole dimension in interleaved pairs (docs/model.md §3.3):
 * channels (2i, 2i+1) of a token at position p are rotated by the angle {@code p·θ_i},
 * {@code θ_i = 10000^(-2i/d_head)}. Built per forward pass from the positions tokens have there.
 *
 * @param cos [rows, 1, N, d_head/2] with rows 1 (positions shared by the batch) or B
 * @param sin same shape as {@code cos}
 */
public record Rotary(NDArray cos, NDArray sin) {

    /**
     * @param positions one row of N positions shared by every sample, or one row per sample
     */
    public static Rotary create(NDManager manager, int[][] positions, int headDim) {
        int rows = positions.length;
        int n = positions[0].length;
        int half = headDim / 2;
        float[] c = new float[rows * n * half];
        float[] s = new float[rows * n * half];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < half; i++) {
                    double angle = positions[r][t] * Math.pow(10000.0, -2.0 * i / headDim);
                    c[(r * n + t) * half + i] = (float) Math.cos(angle);
                    s[(r * n + t) * half + i] = (float) Math.sin(angle);
                }
            }
        }
        Shape shape = new Shape(rows, 1, n, half);
        return new Rotary(manager.create(c, shape), manager.create(s, shape));
    }

    /** Positions 0, 1, …, n-1 for every sample. */
    public static Rotary sequence(NDManager manager, int n, int headDim) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return create(manager, new int[][] {p}, headDim);
    }

    /** Rotates queries or keys of shape [B, heads, N, d_head]. */
    public NDArray apply(NDArray x) {
        Shape shape = x.getShape();
        NDArray pairs = x.reshape(shape.get(0), shape.get(1), shape.get(2), shape.get(3) / 2, 2);
        NDArray even = pairs.get("..., 0");
        NDArray odd = pairs.get("..., 1");
        NDArray rotatedEven = even.mul(cos).sub(odd.mul(sin));
        NDArray rotatedOdd = even.mul(sin).add(odd.mul(cos));
        return rotatedEven.stack(rotatedOdd, 4).reshape(shape);
    }
}
