package org.audiomaepp.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The Adam update of one array of parameters (Kingma and Ba), computed as {@code torch.optim.Adam}
 * and {@code AdamW} compute it: the one implementation that pretraining's AdamW (models) and the
 * probe's Adam (tasks) share. Weight decay and the learning rate are the caller's: the step is
 * {@code p -= lr / (1 - b1^t) * direction}.
 */
public final class AdamUpdate {

    private AdamUpdate() {}

    /**
     * Moves the moments one step towards the gradient, in place, and returns the step direction:
     * <pre>
     * m = b1·m + (1 - b1)·g
     * v = b2·v + (1 - b2)·g²
     * direction = m / (sqrt(v) / sqrt(1 - b2^t) + eps)
     * </pre>
     * in float32, each constant rounded once from its double value (as PyTorch does with a Python
     * number). The temporaries and the direction are owned by {@code scope}.
     *
     * @param step the step count t, from 1
     */
    public static NDArray direction(NDArray m, NDArray v, NDArray g, double beta1, double beta2, double eps, long step,
            NDManager scope) {
        float bias2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
        m.muli((float) beta1).addi(inScope(g.mul((float) (1 - beta1)), scope));
        v.muli((float) beta2).addi(inScope(g.square(), scope).muli((float) (1 - beta2)));
        NDArray denom = inScope(v.sqrt(), scope).divi(bias2Sqrt).addi((float) eps);
        return inScope(m.div(denom), scope);
    }

    private static NDArray inScope(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }
}
