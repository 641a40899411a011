package org.audiomaepp.tasks.probe;

import java.util.Locale;

/**
 * One probe configuration of a grid: {@code hiddenLayers} × (Linear → BatchNorm1d → Dropout →
 * ReLU) then a Linear output layer, trained with Adam at {@code learningRate}.
 */
public record GridPoint(int hiddenLayers, int hiddenDim, double dropout, double learningRate, Init init) {

    /** Weight initialization of the linear layers (PyTorch's {@code xavier_normal_} / {@code xavier_uniform_}). */
    public enum Init {
        XAVIER_NORMAL,
        XAVIER_UNIFORM
    }

    public GridPoint {
        if (hiddenLayers < 1 || hiddenDim < 1 || dropout < 0 || dropout >= 1 || learningRate <= 0) {
            throw new IllegalArgumentException("bad grid point: " + hiddenLayers + " layers, dim " + hiddenDim
                    + ", dropout " + dropout + ", lr " + learningRate);
        }
    }

    /** A short stable name for score files, e.g. {@code h1-d1024-p0.1-lr0.0001-xavier_normal}. */
    public String name() {
        return String.format(Locale.ROOT, "h%d-d%d-p%s-lr%s-%s", hiddenLayers, hiddenDim,
                trim(dropout), trim(learningRate), init.name().toLowerCase(Locale.ROOT));
    }

    private static String trim(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
