package org.audiomaepp.models.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.audiomaepp.models.config.DecoderConfig;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.nn.Init;
import org.audiomaepp.models.nn.LayerNorm;
import org.audiomaepp.models.nn.Linear;
import org.audiomaepp.models.nn.ParameterStore;
import org.audiomaepp.models.nn.Rotary;
import org.audiomaepp.models.nn.SinCos;
import org.audiomaepp.models.nn.TransformerBlock;

/**
 * The MAE decoder (docs/model.md §7.2): Linear(D, Dd), append mask tokens, un-shuffle to grid order,
 * + 1-D table (cls row zero), blocks, final LayerNorm, Linear(Dd, V), drop cls. Its sequence is in
 * grid order, so RoPE's {@code sequence} and {@code grid} positions coincide here.
 */
final class Decoder {
    private final ModelConfig config;
    private final Linear embed;
    private final NDArray maskToken;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear pred;
    /** [1 + L, Dd] additive table with a zero cls row, or null when RoPE replaces it. */
    private final float[] table;

    Decoder(ParameterStore params, ModelConfig c) {
        this.config = c;
        DecoderConfig dc = c.decoder();
        int dd = dc.width();
        embed = Linear.create(params, "decoder.embed", c.width(), dd);
        maskToken = params.add("decoder.mask_token", new Shape(1, 1, dd), Init.NORMAL_002, true);
        for (int i = 0; i < dc.depth(); i++) {
            blocks.add(TransformerBlock.create(params, "decoder.blocks." + i, c.block(), dd, dc.heads(),
                    c.mlpRatio(), c.ffn2Norm()));
        }
        norm = LayerNorm.create(params, "decoder.norm", dd);
        pred = Linear.create(params, "decoder.pred", dd, c.tokenValues());
        if (c.decoderRope()) {
            table = null;
        } else {
            float[] grid = SinCos.table1d(dd, c.tokenCount());
            table = new float[(c.tokenCount() + 1) * dd];
            System.arraycopy(grid, 0, table, dd, grid.length);
        }
    }

    /**
     * @param latent encoder output [B, 1 + kept, D]
     * @return predicted token values [B, L, V] in grid order
     */
    NDArray forward(NDArray latent, Mask mask) {
        NDManager m = latent.getManager();
        long b = latent.getShape().get(0);
        int l = config.tokenCount();
        int dd = config.decoder().width();
        NDArray x = embed.forward(latent);
        NDArray cls = x.get(":, :1, :");
        NDArray fill = m.zeros(new Shape(b, l - mask.kept(), dd)).add(maskToken);
        NDArray tokens = x.get(":, 1:, :").concat(fill, 1).gather(mask.restoreIndex(m, dd), 1);
        x = cls.concat(tokens, 1);
        if (table != null) {
            x = x.add(m.create(table, new Shape(l + 1, dd)));
        }
        Rotary rope = config.decoderRope() ? Rotary.sequence(m, l + 1, dd / config.decoder().heads()) : null;
        for (TransformerBlock block : blocks) {
            x = block.forward(x, rope);
        }
        x = norm.forward(x);
        return pred.forward(x).get(":, 1:, :");
    }
}
