package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;

/**
 * The transformer++ gated feed-forward (docs/model.md §4.4):
 * {@code SwiGLU(y) = Linear(h, D)( LN_h( Linear_a(y) ⊙ SiLU(Linear_b(y)) ) )}, {@code h = floor(8D/3)}.
 */
public record SwiGlu(Linear a, Linear b, LayerNorm norm, Linear out) {

    public static SwiGlu create(ParameterStore params, String name, int width, int hidden) {
        return new SwiGlu(
                Linear.create(params, name + ".a", width, hidden),
                Linear.create(params, name + ".b", width, hidden),
                LayerNorm.create(params, name + ".norm", hidden),
                Linear.create(params, name + ".out", hidden, width));
    }

    public NDArray forward(NDArray y) {
        NDArray gated = a.forward(y).mul(Mlp.silu(b.forward(y)));
        return out.forward(norm.forward(gated));
    }
}
