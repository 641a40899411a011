package org.audiomaepp.models.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Which tokens each sample's encoder sees, as MAE's shuffle: {@code order[b]} is a permutation of
 * the L grid indices whose first {@code kept} entries are the kept tokens, in the order they enter
 * the encoder; the rest are masked.
 */
public record Mask(int[][] order, int kept) {

    public int batch() {
        return order.length;
    }

    public int tokens() {
        return order[0].length;
    }

    /** Whether sample {@code b}'s grid token {@code g} is hidden from the encoder. */
    public boolean isMasked(int b, int g) {
        for (int i = 0; i < kept; i++) {
            if (order[b][i] == g) {
                return false;
            }
        }
        return true;
    }

    /** Grid indices of the kept tokens, broadcast to [B, kept, width], for {@code gather} along axis 1. */
    NDArray keepIndex(NDManager m, long width) {
        long[] idx = new long[batch() * kept];
        for (int b = 0; b < batch(); b++) {
            for (int i = 0; i < kept; i++) {
                idx[b * kept + i] = order[b][i];
            }
        }
        return m.create(idx, new Shape(batch(), kept, 1)).broadcast(batch(), kept, width);
    }

    /**
     * For each grid index, its place in the shuffled sequence (the inverse permutation), broadcast to
     * [B, L, width]: gathering with it un-shuffles kept-then-masked tokens to grid order.
     */
    NDArray restoreIndex(NDManager m, long width) {
        int l = tokens();
        long[] idx = new long[batch() * l];
        for (int b = 0; b < batch(); b++) {
            for (int i = 0; i < l; i++) {
                idx[b * l + order[b][i]] = i;
            }
        }
        return m.create(idx, new Shape(batch(), l, 1)).broadcast(batch(), l, width);
    }

    /** 1 where a token is masked, 0 where kept: [B, L] in grid order. */
    NDArray maskedIndicator(NDManager m) {
        int l = tokens();
        float[] v = new float[batch() * l];
        for (int b = 0; b < batch(); b++) {
            for (int i = kept; i < l; i++) {
                v[b * l + order[b][i]] = 1f;
            }
        }
        return m.create(v, new Shape(batch(), l));
    }

    /** RoPE grid positions of the encoder sequence [cls, kept…]: cls 0, grid index g at g + 1. */
    int[][] gridPositions() {
        int[][] p = new int[batch()][kept + 1];
        for (int b = 0; b < batch(); b++) {
            for (int i = 0; i < kept; i++) {
                p[b][i + 1] = order[b][i] + 1;
            }
        }
        return p;
    }
}
