package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * {@code y = x·W + b} with W stored as [in, out], so the activation is always the left operand and
 * every array a forward pass creates lands in the activation's (per-step) manager. The product
 * follows {@link Autocast} (float16 under mixed precision); the bias is added in float32.
 */
public record Linear(NDArray weight, NDArray bias) {

    public static Linear create(ParameterStore params, String name, int in, int out) {
        return new Linear(
                params.add(name + ".weight", new Shape(in, out), Init.XAVIER_UNIFORM, true),
                params.add(name + ".bias", new Shape(out), Init.ZEROS, false));
    }

    public NDArray forward(NDArray x) {
        return Autocast.matMul(x, weight).add(bias);
    }
}
