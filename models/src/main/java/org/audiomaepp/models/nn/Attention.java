package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-head self-attention (docs/model.md §4.1): one {@code qkv} linear D → 3D, optional RoPE on q and
 * k, softmax of {@code q·kᵀ · head_dim^-0.5}, output linear D → D. No dropout. Under
 * {@link Autocast} the two products are float16 and the scaling and softmax stay float32.
 */
public record Attention(Linear qkv, Linear proj, int heads) {

    public static Attention create(ParameterStore params, String name, int width, int heads) {
        return new Attention(Linear.create(params, name + ".qkv", width, 3 * width),
                Linear.create(params, name + ".proj", width, width), heads);
    }

    /**
     * @param x    [B, N, D]
     * @param rope rotary table for these N positions, or null on a side without RoPE
     */
    public NDArray forward(NDArray x, Rotary rope) {
        Shape s = x.getShape();
        long b = s.get(0);
        long n = s.get(1);
        long d = s.get(2);
        long headDim = d / heads;
        NDArray qkvs = qkv.forward(x).reshape(b, n, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        NDArray q = qkvs.get(0);
        NDArray k = qkvs.get(1);
        NDArray v = qkvs.get(2);
        if (rope != null) {
            q = rope.apply(q);
            k = rope.apply(k);
        }
        NDArray logits = Autocast.matMul(q, k.transpose(0, 1, 3, 2));
        NDArray attn = logits.mul(Scalars.of(logits, 1.0 / Math.sqrt(headDim))).softmax(-1);
        NDArray y = Autocast.matMul(attn, v).transpose(0, 2, 1, 3).reshape(b, n, d);
        return proj.forward(y);
    }
}
