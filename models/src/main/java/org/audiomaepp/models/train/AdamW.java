package org.audiomaepp.models.train;

import org.audiomaepp.models.nn.NamedParameter;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.audiomaepp.models.nn.NoGrad;
import java.util.List;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter), written out so that its whole state
 * (first and second moments, step count) can be checkpointed and restored exactly. Follows
 * {@code torch.optim.AdamW}: decay {@code p *= 1 - lr * wd} first, then the bias-corrected Adam
 * step {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
public final class AdamW implements AutoCloseable {

    private final List<NamedParameter> params;
    private final NDManager stateManager;
    private final NDArray[] m;
    private final NDArray[] v;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private long step;

    /** Zero moments for {@code params}, held in a sub-manager of {@code manager}. */
    public AdamW(List<NamedParameter> params, NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
        this.params = List.copyOf(params);
        this.stateManager = manager.newSubManager();
        this.m = new NDArray[params.size()];
        this.v = new NDArray[params.size()];
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i).array();
            m[i] = stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice());
            v[i] = stateManager.zeros(p.getShape(), p.getDataType(), p.getDevice());
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** An optimizer with the recipe's betas, epsilon and weight decay. */
    public static AdamW of(PretrainConfig config, List<NamedParameter> params, NDManager manager) {
        return new AdamW(params, manager, config.beta1(), config.beta2(), config.eps(), config.weightDecay());
    }

    /** Sets every parameter's accumulated gradient to zero (gradients add up across backward passes). */
    public void zeroGradients(NDManager scope) {
        for (NamedParameter p : params) {
            if (p.array().hasGradient()) {
                gradient(p.array(), scope).muli(0f);
            }
        }
    }

    /**
     * One update of every parameter from its accumulated gradient, at learning rate {@code lr}, in
     * place and with gradient recording off.
     */
    public void step(double lr, NDManager scope) {
        NoGrad.run(() -> update(lr, scope));
    }

    private void update(double lr, NDManager scope) {
        step++;
        float bias1 = (float) (1 - Math.pow(beta1, step));
        float bias2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) lr / bias1;
        for (int i = 0; i < params.size(); i++) {
            NamedParameter p = params.get(i);
            NDArray w = p.array();
            NDArray g = gradient(w, scope);
            if (p.decay() && weightDecay != 0) {
                w.muli((float) (1 - lr * weightDecay));
            }
            m[i].muli((float) beta1).addi(g.mul((float) (1 - beta1)));
            v[i].muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
            NDArray denom = inScope(v[i].sqrt(), scope).divi(bias2Sqrt).addi((float) eps);
            w.subi(inScope(m[i].div(denom), scope).muli(stepSize));
        }
    }

    /** Optimizer steps taken so far (the {@code t} of the bias correction). */
    public long stepCount() {
        return step;
    }

    /** Restores the step count (with {@link #firstMoments()} and {@link #secondMoments()} from a checkpoint). */
    public void setStepCount(long step) {
        this.step = step;
    }

    /** The first moments, parameter order; live arrays, restored in place from checkpoints. */
    public List<NDArray> firstMoments() {
        return List.of(m);
    }

    /** The second moments, parameter order; live arrays, restored in place from checkpoints. */
    public List<NDArray> secondMoments() {
        return List.of(v);
    }

    @Override
    public void close() {
        stateManager.close();
    }

    /**
     * The gradient of {@code w}, owned by {@code scope}: DJL hands out a new handle per call and
     * would otherwise attach it to the parameter's long-lived manager.
     */
    private static NDArray gradient(NDArray w, NDManager scope) {
        return inScope(w.getGradient(), scope);
    }

    private static NDArray inScope(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }
}
