package org.audiomaepp.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.audiomaepp.models.nn.NamedParameter;
import org.audiomaepp.models.nn.NoGrad;

/**
 * Dynamic loss scaling for float16 matrix products, as {@code torch.cuda.amp.GradScaler} does it:
 * the loss is multiplied by {@link #scale()} before the backward pass so that small gradients do
 * not underflow in float16; before the optimizer step the gradients are divided by it again.
 *
 * <p>If any gradient is not finite (float16 overflowed), the step is skipped: no weight and no
 * optimizer moment changes and AdamW's own step count (its bias correction) does not advance,
 * and the scale is halved. After {@link #growthInterval()} clean steps in a row the scale doubles.
 * The trainer's step counter still advances on a skipped step: the batch is consumed and the
 * learning-rate schedule, the data order and the checkpoint steps stay those of an fp32 run.
 * The state ({@link State}) is saved in checkpoints, so a resumed run scales exactly as an
 * uninterrupted one.
 */
public final class LossScaler {

    /** The first scale, 2^16, as GradScaler's. */
    public static final double INITIAL_SCALE = 65536.0;
    /** Clean steps before the scale doubles, as GradScaler's. */
    public static final int GROWTH_INTERVAL = 2000;

    /**
     * What a checkpoint keeps of a scaler.
     *
     * @param scale the current scale (a power of two)
     * @param cleanSteps steps since the last overflow or growth
     * @param skippedSteps steps skipped for overflow over the whole run
     */
    public record State(double scale, int cleanSteps, long skippedSteps) {}

    private final int growthInterval;
    private double scale;
    private int cleanSteps;
    private long skippedSteps;

    /** A scaler starting at {@link #INITIAL_SCALE}, growing after {@link #GROWTH_INTERVAL} clean steps. */
    public LossScaler() {
        this(INITIAL_SCALE, GROWTH_INTERVAL);
    }

    /** A scaler starting at {@code initialScale} (a power of two), growing after {@code growthInterval} clean steps. */
    public LossScaler(double initialScale, int growthInterval) {
        if (!(initialScale > 0) || initialScale != Math.scalb(1.0, Math.getExponent(initialScale)) || growthInterval < 1) {
            throw new IllegalArgumentException("scale " + initialScale + " must be a power of two and the interval "
                    + growthInterval + " at least 1");
        }
        this.scale = initialScale;
        this.growthInterval = growthInterval;
    }

    /** The factor the loss is multiplied by before the backward pass. */
    public float scale() {
        return (float) scale;
    }

    /** Clean steps after which the scale doubles. */
    public int growthInterval() {
        return growthInterval;
    }

    /**
     * Ends a step whose gradients of the scaled loss are accumulated in {@code params}: if every
     * gradient is finite, divides them by the scale and lets AdamW step at {@code lr}; otherwise
     * skips the update. Then adjusts the scale. Returns whether the step was taken.
     */
    public boolean step(AdamW optimizer, List<NamedParameter> params, double lr, NDManager scope) {
        boolean finite = NoGrad.call(() -> unscale(params, scope));
        if (finite) {
            optimizer.step(lr, scope);
        }
        update(finite);
        return finite;
    }

    /**
     * Adjusts the scale after a step: halved on overflow ({@code finite} false, the step was
     * skipped), doubled after {@link #growthInterval()} finite steps in a row.
     */
    public void update(boolean finite) {
        if (!finite) {
            scale /= 2;
            cleanSteps = 0;
            skippedSteps++;
            return;
        }
        cleanSteps++;
        if (cleanSteps == growthInterval) {
            scale *= 2;
            cleanSteps = 0;
        }
    }

    /** The state to checkpoint. */
    public State state() {
        return new State(scale, cleanSteps, skippedSteps);
    }

    /** Continues from a checkpointed state. */
    public void restore(State state) {
        this.scale = state.scale();
        this.cleanSteps = state.cleanSteps();
        this.skippedSteps = state.skippedSteps();
    }

    /** Divides every gradient by the scale if all are finite (one host round trip); returns whether they were. */
    private boolean unscale(List<NamedParameter> params, NDManager scope) {
        NDArray bad = null;
        for (NamedParameter p : params) {
            NDArray g = gradient(p, scope);
            NDArray b = g.isInfinite().logicalOr(g.isNaN()).any();
            bad = bad == null ? b : bad.logicalOr(b);
        }
        if (bad != null && bad.getBoolean()) {
            return false;
        }
        float inverse = (float) (1 / scale);
        for (NamedParameter p : params) {
            gradient(p, scope).muli(inverse);
        }
        return true;
    }

    private static NDArray gradient(NamedParameter p, NDManager scope) {
        NDArray g = p.array().getGradient();
        g.attach(scope);
        return g;
    }
}
