package org.audiomaepp.models.config;

/** How a 200 × 80 spectrogram is cut into tokens (docs/model.md §2). */
public enum Tokens {
    /** 4 frames × 16 mel bins per token, 50 × 5 tokens in time-major order. */
    PATCH,
    /** 2 frames × 80 mel bins per token (MAE-AST style), 100 tokens in time order. */
    FRAME
}
