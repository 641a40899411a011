package org.audiomaepp.models.mae;

import org.audiomaepp.models.config.Block;
import org.audiomaepp.models.config.ModelConfig;

/**
 * Trainable parameter counts computed from the config alone (docs/model.md §10), so that huge models can
 * be described without allocating them. Fixed position tables are not parameters.
 *
 * @param encoder token embedding + cls + blocks + final norm
 * @param decoder decoder embedding + mask token + blocks + final norm + prediction head
 */
public record ParameterCounts(long encoder, long decoder) {

    public long total() {
        return encoder + decoder;
    }

    public static ParameterCounts of(ModelConfig c) {
        long d = c.width();
        long dd = c.decoder().width();
        long v = c.tokenValues();
        long encoder = linear(v, d) + d + c.depth() * block(c.block(), d, c.mlpRatio()) + norm(d);
        long decoder = linear(d, dd) + dd + c.decoder().depth() * block(c.block(), dd, c.mlpRatio()) + norm(dd)
                + linear(dd, v);
        return new ParameterCounts(encoder, decoder);
    }

    /** One block of width d: vanilla = 2 LN + attention + MLP; plusplus = 3 LN + MLP + attention + SwiGLU. */
    static long block(Block kind, long d, int mlpRatio) {
        long attention = linear(d, 3 * d) + linear(d, d);
        long mlp = linear(d, mlpRatio * d) + linear(mlpRatio * d, d);
        if (kind == Block.VANILLA) {
            return 2 * norm(d) + attention + mlp;
        }
        long h = ModelConfig.swigluHidden((int) d);
        long swiglu = 2 * linear(d, h) + norm(h) + linear(h, d);
        return 3 * norm(d) + mlp + attention + swiglu;
    }

    private static long linear(long in, long out) {
        return in * out + out;
    }

    private static long norm(long d) {
        return 2 * d;
    }
}
