package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** LayerNorm over the last axis with eps 1e-6 (docs/model.md §4.1), weight 1 and bias 0 at start. */
public record LayerNorm(NDArray weight, NDArray bias) {
    public static final float EPS = 1e-6f;

    public static LayerNorm create(ParameterStore params, String name, int width) {
        return new LayerNorm(
                params.add(name + ".weight", new Shape(width), Init.ONES, false),
                params.add(name + ".bias", new Shape(width), Init.ZEROS, false));
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, weight.getShape(), weight, bias, EPS).singletonOrThrow();
    }
}
