package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import org.audiomaepp.models.config.Block;
import org.audiomaepp.models.config.Ffn2Norm;
import org.audiomaepp.models.config.ModelConfig;

/**
 * One transformer block of either kind (docs/model.md §4.2–4.4), built from the same attention and
 * feed-forward pieces; the forward methods read like the spec's equations.
 */
public final class TransformerBlock {
    private final Block kind;
    private final Ffn2Norm ffn2Norm;
    private final LayerNorm norm1;
    private final Mlp mlp;
    private final LayerNorm norm2;
    private final Attention attn;
    private final SwiGlu swiglu;
    private final LayerNorm norm3;

    private TransformerBlock(Block kind, Ffn2Norm ffn2Norm, LayerNorm norm1, Mlp mlp, LayerNorm norm2,
            Attention attn, SwiGlu swiglu, LayerNorm norm3) {
        this.kind = kind;
        this.ffn2Norm = ffn2Norm;
        this.norm1 = norm1;
        this.mlp = mlp;
        this.norm2 = norm2;
        this.attn = attn;
        this.swiglu = swiglu;
        this.norm3 = norm3;
    }

    /**
     * Registers a block's parameters under {@code name}. A plusplus block always allocates LN3, as
     * the released code does, even when {@code ffn2Norm} is {@code shared} and LN3 goes unused.
     */
    public static TransformerBlock create(ParameterStore params, String name, Block kind, int width, int heads,
            int mlpRatio, Ffn2Norm ffn2Norm) {
        if (kind == Block.VANILLA) {
            LayerNorm norm1 = LayerNorm.create(params, name + ".norm1", width);
            Attention attn = Attention.create(params, name + ".attn", width, heads);
            LayerNorm norm2 = LayerNorm.create(params, name + ".norm2", width);
            Mlp mlp = Mlp.create(params, name + ".mlp", width, mlpRatio * width, Mlp.Act.GELU);
            return new TransformerBlock(kind, ffn2Norm, norm1, mlp, norm2, attn, null, null);
        }
        LayerNorm norm1 = LayerNorm.create(params, name + ".norm1", width);
        Mlp mlp = Mlp.create(params, name + ".ffn1", width, mlpRatio * width, Mlp.Act.SILU);
        LayerNorm norm2 = LayerNorm.create(params, name + ".norm2", width);
        Attention attn = Attention.create(params, name + ".attn", width, heads);
        SwiGlu swiglu = SwiGlu.create(params, name + ".ffn2", width, ModelConfig.swigluHidden(width));
        LayerNorm norm3 = LayerNorm.create(params, name + ".norm3", width);
        return new TransformerBlock(kind, ffn2Norm, norm1, mlp, norm2, attn, swiglu, norm3);
    }

    /**
     * @param x    [B, N, D]
     * @param rope rotary table for the N positions, or null on a side without RoPE
     */
    public NDArray forward(NDArray x, Rotary rope) {
        return kind == Block.VANILLA ? vanilla(x, rope) : plusplus(x, rope);
    }

    private NDArray vanilla(NDArray x, Rotary rope) {
        x = x.add(attn.forward(norm1.forward(x), rope));
        x = x.add(mlp.forward(norm2.forward(x)));
        return x;
    }

    private NDArray plusplus(NDArray x, Rotary rope) {
        NDArray halfStep = mlp.forward(norm1.forward(x));
        x = x.add(halfStep.mul(Scalars.of(halfStep, 0.5)));
        x = x.add(attn.forward(norm2.forward(x), rope));
        LayerNorm swigluNorm = ffn2Norm == Ffn2Norm.SHARED ? norm2 : norm3;
        x = x.add(swiglu.forward(swigluNorm.forward(x)));
        return x;
    }
}
