package org.audiomaepp.models.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.models.config.Block;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.nn.SinCos;

/**
 * The released AudioMAE++ code's parameter names (its {@code src/models/}) and how each becomes
 * one of this project's. For a model config, {@link #of} lists every tensor the released code's
 * state dict holds for the same network:
 * <ul>
 *   <li>{@link Transform#PATCH}: {@code patch_embed.proj}, a {@code Conv2d(1, D, kernel = stride = 4×16)}
 *       [D, 1, 4, 16], is the token projection [64, D] (a patch's values are time then mel, as here);</li>
 *   <li>{@link Transform#LINEAR}: {@code nn.Linear} weights [out, in] are stored here as [in, out];</li>
 *   <li>{@link Transform#COPY}: biases, LayerNorms, cls and mask tokens, as they are;</li>
 *   <li>fixed tensors that are not parameters here ({@link Fixed}): the sin-cos position tables
 *       {@code encoder.pos_embed} and {@code decoder.decoder_pos_embed} [1, 1 + L, width] with a zero
 *       cls row, and RoPE's frequencies {@code rope.freqs} [head_dim / 2]; they are compared with the
 *       values this project computes, not copied.</li>
 * </ul>
 * Block names: vanilla (ViT) {@code norm1, attn.qkv_layer, attn.proj_layer, norm2, mlp.layer1, mlp.layer2};
 * plusplus {@code norm1, ffn1.layer1/layer2, norm2, attn.*, norm3, ffn2.linear1/linear2/ln/project},
 * where {@code ffn2.linear2} is the SwiGLU's gate (the SiLU side), {@code linear1} the value side,
 * and {@code norm3} the LayerNorm the released forward never uses (carried over all the same).
 */
public final class OfficialNames {

    private OfficialNames() {}

    /** How an official tensor's values become a parameter's here. */
    public enum Transform {
        COPY,
        LINEAR,
        PATCH
    }

    /**
     * One official parameter.
     *
     * @param official      its name in the released state dict
     * @param shape         its shape there
     * @param harness       the parameter it becomes here
     * @param harnessShape  that parameter's shape
     * @param transform     how values are rearranged
     */
    public record Parameter(String official, long[] shape, String harness, long[] harnessShape, Transform transform) {}

    /**
     * One official tensor that is not a parameter here, with the values it must hold.
     *
     * @param official its name in the released state dict
     * @param shape    its shape there
     * @param values   the values this project computes for it, row-major
     * @param what     what it is, for messages
     */
    public record Fixed(String official, long[] shape, float[] values, String what) {}

    /** Every tensor of the released state dict for {@code c}, in the released module order. */
    public record Names(List<Parameter> parameters, List<Fixed> fixed) {}

    /** The released names of the network {@code c} describes (patch tokens, cls token). */
    public static Names of(ModelConfig c) {
        List<Parameter> params = new ArrayList<>();
        List<Fixed> fixed = new ArrayList<>();
        int d = c.width();
        int dd = c.decoder().width();
        int l = c.tokenCount();
        params.add(new Parameter("cls_token", shape(1, 1, d), "encoder.cls_token", shape(1, 1, d), Transform.COPY));
        params.add(new Parameter("patch_embed.proj.weight",
                shape(d, 1, ModelConfig.PATCH_FRAMES, ModelConfig.PATCH_MELS), "encoder.token_embed.weight",
                shape(c.tokenValues(), d), Transform.PATCH));
        params.add(copy("patch_embed.proj.bias", "encoder.token_embed.bias", d));
        fixed.add(new Fixed("encoder.pos_embed", shape(1, l + 1, d),
                withZeroRow(SinCos.table2d(d, c.gridTime(), c.gridFreq()), d), "the encoder's 2-D sin-cos table"));
        for (int i = 0; i < c.depth(); i++) {
            block(params, fixed, "encoder.blocks." + i, "encoder.blocks." + i, c.block(), d, c.heads(),
                    c.mlpRatio() * d, c.encoderRope());
        }
        layerNorm(params, "encoder.encoder_norm", "encoder.norm", d);
        linear(params, "decoder.decoder_embed", "decoder.embed", d, dd);
        params.add(new Parameter("decoder.mask_token", shape(1, 1, dd), "decoder.mask_token", shape(1, 1, dd),
                Transform.COPY));
        fixed.add(new Fixed("decoder.decoder_pos_embed", shape(1, l + 1, dd), withZeroRow(SinCos.table1d(dd, l), dd),
                "the decoder's 1-D sin-cos table"));
        for (int i = 0; i < c.decoder().depth(); i++) {
            block(params, fixed, "decoder.decoder_blocks." + i, "decoder.blocks." + i, c.block(), dd,
                    c.decoder().heads(), c.mlpRatio() * dd, c.decoderRope());
        }
        layerNorm(params, "decoder.decoder_norm", "decoder.norm", dd);
        linear(params, "decoder.decoder_pred", "decoder.pred", dd, c.tokenValues());
        return new Names(List.copyOf(params), List.copyOf(fixed));
    }

    /** The official name of each parameter here, for provenance ({@code harness → official}). */
    public static Map<String, String> byHarnessName(Names names) {
        Map<String, String> out = new LinkedHashMap<>();
        names.parameters().forEach(p -> out.put(p.harness(), p.official()));
        return out;
    }

    private static void block(List<Parameter> params, List<Fixed> fixed, String from, String to, Block kind, int width,
            int heads, int hidden, boolean rope) {
        if (kind == Block.VANILLA) {
            layerNorm(params, from + ".norm1", to + ".norm1", width);
            attention(params, from, to, width);
            layerNorm(params, from + ".norm2", to + ".norm2", width);
            linear(params, from + ".mlp.layer1", to + ".mlp.fc1", width, hidden);
            linear(params, from + ".mlp.layer2", to + ".mlp.fc2", hidden, width);
        } else {
            int swiglu = ModelConfig.swigluHidden(width);
            layerNorm(params, from + ".norm1", to + ".norm1", width);
            linear(params, from + ".ffn1.layer1", to + ".ffn1.fc1", width, hidden);
            linear(params, from + ".ffn1.layer2", to + ".ffn1.fc2", hidden, width);
            layerNorm(params, from + ".norm2", to + ".norm2", width);
            attention(params, from, to, width);
            layerNorm(params, from + ".norm3", to + ".norm3", width);
            linear(params, from + ".ffn2.linear1", to + ".ffn2.a", width, swiglu);
            linear(params, from + ".ffn2.linear2", to + ".ffn2.b", width, swiglu);
            layerNorm(params, from + ".ffn2.ln", to + ".ffn2.norm", swiglu);
            linear(params, from + ".ffn2.project", to + ".ffn2.out", swiglu, width);
        }
        if (rope) {
            int headDim = width / heads;
            float[] freqs = new float[headDim / 2];
            for (int i = 0; i < freqs.length; i++) {
                freqs[i] = (float) Math.pow(10000.0, -2.0 * i / headDim);
            }
            fixed.add(new Fixed(from + ".rope.freqs", shape(headDim / 2), freqs, "RoPE's frequencies 10000^(-2i/d_head)"));
        }
    }

    private static void attention(List<Parameter> params, String from, String to, int width) {
        linear(params, from + ".attn.qkv_layer", to + ".attn.qkv", width, 3 * width);
        linear(params, from + ".attn.proj_layer", to + ".attn.proj", width, width);
    }

    private static void linear(List<Parameter> params, String from, String to, int in, int out) {
        params.add(new Parameter(from + ".weight", shape(out, in), to + ".weight", shape(in, out), Transform.LINEAR));
        params.add(copy(from + ".bias", to + ".bias", out));
    }

    private static void layerNorm(List<Parameter> params, String from, String to, int width) {
        params.add(copy(from + ".weight", to + ".weight", width));
        params.add(copy(from + ".bias", to + ".bias", width));
    }

    private static Parameter copy(String from, String to, int width) {
        return new Parameter(from, shape(width), to, shape(width), Transform.COPY);
    }

    private static float[] withZeroRow(float[] table, int width) {
        float[] out = new float[table.length + width];
        System.arraycopy(table, 0, out, width, table.length);
        return out;
    }

    private static long[] shape(long... dims) {
        return dims;
    }

    /** Values of an official tensor rearranged into the parameter's layout here. */
    static float[] rearrange(Parameter p, float[] values) {
        return switch (p.transform()) {
            case COPY -> values;
            case LINEAR -> transpose(values, (int) p.shape()[0], (int) p.shape()[1]);
            case PATCH -> transpose(values, (int) p.shape()[0], (int) (p.shape()[1] * p.shape()[2] * p.shape()[3]));
        };
    }

    /** [rows, cols] row-major to [cols, rows] row-major. */
    private static float[] transpose(float[] v, int rows, int cols) {
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                out[k * rows + r] = v[r * cols + k];
            }
        }
        return out;
    }
}
