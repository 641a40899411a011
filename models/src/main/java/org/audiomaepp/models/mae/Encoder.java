package org.audiomaepp.models.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.RopePositions;
import org.audiomaepp.models.config.Tokens;
import org.audiomaepp.models.nn.Init;
import org.audiomaepp.models.nn.LayerNorm;
import org.audiomaepp.models.nn.Linear;
import org.audiomaepp.models.nn.ParameterStore;
import org.audiomaepp.models.nn.Rotary;
import org.audiomaepp.models.nn.SinCos;
import org.audiomaepp.models.nn.TransformerBlock;

/**
 * The MAE encoder (docs/model.md §7.1): token embedding, + position table, keep the unmasked tokens,
 * prepend cls (position row zero), blocks, final LayerNorm.
 */
final class Encoder {
    private final ModelConfig config;
    private final Linear tokenEmbed;
    private final NDArray cls;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    /** [L, D] additive table, or null when RoPE replaces it. */
    private final float[] table;

    Encoder(ParameterStore params, ModelConfig c) {
        this.config = c;
        int d = c.width();
        tokenEmbed = Linear.create(params, "encoder.token_embed", c.tokenValues(), d);
        cls = params.add("encoder.cls_token", new Shape(1, 1, d), Init.NORMAL_002, true);
        for (int i = 0; i < c.depth(); i++) {
            blocks.add(TransformerBlock.create(params, "encoder.blocks." + i, c.block(), d, c.heads(), c.mlpRatio(),
                    c.ffn2Norm()));
        }
        norm = LayerNorm.create(params, "encoder.norm", d);
        if (c.encoderRope()) {
            table = null;
        } else if (c.tokens() == Tokens.PATCH) {
            table = SinCos.table2d(d, c.gridTime(), c.gridFreq());
        } else {
            table = SinCos.table1d(d, c.tokenCount());
        }
    }

    /**
     * @param tokens token values [B, L, V]
     * @param mask   which tokens to keep, or null to encode every token in grid order
     * @return [B, 1 + kept, D], cls first
     */
    NDArray forward(NDArray tokens, Mask mask) {
        NDManager m = tokens.getManager();
        long b = tokens.getShape().get(0);
        int d = config.width();
        NDArray x = tokenEmbed.forward(tokens);
        if (table != null) {
            x = x.add(m.create(table, new Shape(config.tokenCount(), d)));
        }
        if (mask != null) {
            x = x.gather(mask.keepIndex(m, d), 1);
        }
        x = m.zeros(new Shape(b, 1, d)).add(cls).concat(x, 1);
        Rotary rope = config.encoderRope() ? rotary(m, mask, (int) x.getShape().get(1)) : null;
        for (TransformerBlock block : blocks) {
            x = block.forward(x, rope);
        }
        return norm.forward(x);
    }

    private Rotary rotary(NDManager m, Mask mask, int length) {
        int headDim = config.width() / config.heads();
        if (mask == null || config.ropePositions() == RopePositions.SEQUENCE) {
            return Rotary.sequence(m, length, headDim);
        }
        return Rotary.create(m, mask.gridPositions(), headDim);
    }
}
