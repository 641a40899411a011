package org.audiomaepp.models.nn;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** How a parameter starts (docs/model.md §4.5). */
public enum Init {
    /** U(-a, a) with {@code a = sqrt(6 / (fan_in + fan_out))} over a [fan_in, fan_out] matrix. */
    XAVIER_UNIFORM,
    /** N(0, 0.02), for cls and mask tokens. */
    NORMAL_002,
    ZEROS,
    ONES;

    /** Draws the starting values of a parameter of this shape. */
    public float[] draw(Shape shape, RandomGenerator rng) {
        float[] v = new float[Math.toIntExact(shape.size())];
        switch (this) {
            case XAVIER_UNIFORM -> {
                if (shape.dimension() != 2) {
                    throw new IllegalArgumentException("Xavier init needs a matrix, got " + shape);
                }
                double a = Math.sqrt(6.0 / (shape.get(0) + shape.get(1)));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((2 * rng.nextDouble() - 1) * a);
                }
            }
            case NORMAL_002 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.02 * rng.nextGaussian());
                }
            }
            case ZEROS -> { }
            case ONES -> Arrays.fill(v, 1f);
            default -> throw new IllegalStateException(name());
        }
        return v;
    }
}
