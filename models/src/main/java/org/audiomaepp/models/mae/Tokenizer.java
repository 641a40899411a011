package org.audiomaepp.models.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Tokens;

/**
 * Cuts spectrograms [B, 1, frames, mels] into token values [B, L, V] (docs/model.md §2). Patch tokens
 * are time-major (index {@code t·5 + f}) and each holds its 4 frames × 16 mels time first, which
 * makes the token projection equal to {@code Conv2d(1, D, kernel=stride=(4,16))}. Frame tokens
 * hold 2 frames × 80 mels in time order. The same values are the reconstruction target.
 */
public final class Tokenizer {
    private Tokenizer() {}

    public static NDArray tokenize(NDArray spec, ModelConfig c) {
        Shape s = spec.getShape();
        if (s.dimension() != 4 || s.get(1) != 1 || s.get(2) != c.inputFrames() || s.get(3) != c.melBins()) {
            throw new IllegalArgumentException("model input must be [B, 1, " + c.inputFrames() + ", " + c.melBins()
                    + "], got " + s);
        }
        long b = s.get(0);
        if (c.tokens() == Tokens.FRAME) {
            return spec.reshape(b, c.gridTime(), c.tokenValues());
        }
        return spec.reshape(b, c.gridTime(), ModelConfig.PATCH_FRAMES, c.gridFreq(), ModelConfig.PATCH_MELS)
                .transpose(0, 1, 3, 2, 4)
                .reshape(b, c.tokenCount(), c.tokenValues());
    }
}
