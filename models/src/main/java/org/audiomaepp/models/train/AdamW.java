package org.audiomaepp.models.train;

import org.audiomaepp.models.nn.NamedParameter;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.audiomaepp.core.AdamUpdate;
import org.audiomaepp.models.nn.NoGrad;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter), written out so that its whole state
 * (first and second moments, step count) can be checkpointed and restored exactly. Follows
 * {@code torch.optim.AdamW}: decay {@code p *= 1 - lr * wd} first, then the bias-corrected Adam
 * step {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)} ({@link AdamUpdate}, which
 * the probe's Adam shares).
 *
 * <p>The moments of all parameters live in two flat buffers. On a GPU they are updated by one
 * engine call per operation for the whole model: a step makes about 3 calls per parameter
 * (flatten the gradient, reshape its slice of the update, subtract; one more where it decays) and
 * 12 for the moments, where the loop over the parameters makes 13 per parameter (tiny++: 1,255
 * operations instead of 4,881, counted with libtorch's profiler). On a CPU the loop is faster
 * (each parameter's arrays stay in cache; the flat passes over the whole model took 2–3× as long,
 * bench/AdamWStepBench.java), so it runs there, on views of the flat buffers. Each element goes
 * through the same float operations in the same order either way: the same bytes.
 */
public final class AdamW implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final List<NamedParameter> params;
    private final NDManager stateManager;
    /** First and second moments of every parameter, flattened and concatenated in parameter order. */
    private final NDArray m;
    private final NDArray v;
    /** Where each parameter's slice of the flat buffers ends (the split points). */
    private final long[] ends;
    /** Per-parameter views of {@link #m} and {@link #v}. */
    private final NDList mSlices;
    private final NDList vSlices;
    private final boolean flat;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private long step;

    /**
     * Zero moments for {@code params}, held in a sub-manager of {@code manager}; {@code flat}: update
     * the whole model's moments in one call per operation, else one parameter at a time (the same
     * bytes either way; the public constructor picks flat on a GPU).
     */
    AdamW(List<NamedParameter> params, NDManager manager, double beta1, double beta2, double eps, double weightDecay,
            boolean flat) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("AdamW needs at least one parameter");
        }
        this.params = List.copyOf(params);
        this.stateManager = manager.newSubManager();
        this.ends = new long[params.size()];
        long total = 0;
        for (int i = 0; i < params.size(); i++) {
            total += params.get(i).array().size();
            ends[i] = total;
        }
        NDArray first = params.get(0).array();
        this.m = stateManager.zeros(new Shape(total), first.getDataType(), first.getDevice());
        this.v = stateManager.zeros(new Shape(total), first.getDataType(), first.getDevice());
        this.mSlices = slices(m);
        this.vSlices = slices(v);
        this.flat = flat;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** Zero moments for {@code params}, held in a sub-manager of {@code manager}. */
    public AdamW(List<NamedParameter> params, NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
        this(params, manager, beta1, beta2, eps, weightDecay, params.get(0).array().getDevice().isGpu());
    }

    /** Views of {@code flat}, one per parameter, shaped like it (writes go to {@code flat}). */
    private NDList slices(NDArray flat) {
        NDList parts = params.size() == 1 ? new NDList(flat) : flat.split(splitPoints());
        NDList out = new NDList(params.size());
        for (int i = 0; i < params.size(); i++) {
            out.add(parts.get(i).reshape(params.get(i).array().getShape()));
        }
        return out;
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
        float stepSize = (float) lr / bias1;
        if (flat) {
            updateFlat(lr, scope, stepSize);
        } else {
            updateEach(lr, scope, stepSize);
        }
    }

    /** The whole model's moments in one call per operation (GPUs: fewer kernel launches). */
    private void updateFlat(double lr, NDManager scope, float stepSize) {
        NDList grads = new NDList(params.size());
        for (NamedParameter p : params) {
            NDArray w = p.array();
            if (p.decay() && weightDecay != 0) {
                w.muli((float) (1 - lr * weightDecay));
            }
            grads.add(gradient(w, scope).reshape(-1));
        }
        try (NDManager temps = scope.newSubManager()) {
            NDArray g = inScope(NDArrays.concat(grads), temps);
            NDList updates = AdamUpdate.direction(m, v, g, beta1, beta2, eps, step, temps).muli(stepSize)
                    .split(splitPoints());
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i).array();
                w.subi(updates.get(i).reshape(w.getShape()));
            }
        }
    }

    /** One parameter at a time, on its slices of the moments (CPUs: each one's arrays stay in cache). */
    private void updateEach(double lr, NDManager scope, float stepSize) {
        for (int i = 0; i < params.size(); i++) {
            NamedParameter p = params.get(i);
            NDArray w = p.array();
            NDArray g = gradient(w, scope);
            if (p.decay() && weightDecay != 0) {
                w.muli((float) (1 - lr * weightDecay));
            }
            w.subi(AdamUpdate.direction(mSlices.get(i), vSlices.get(i), g, beta1, beta2, eps, step, scope)
                    .muli(stepSize));
        }
    }

    private long[] splitPoints() {
        return Arrays.copyOf(ends, ends.length - 1);
    }

    /** Optimizer steps taken so far (the {@code t} of the bias correction). */
    public long stepCount() {
        return step;
    }

    /** Restores the step count (with {@link #setMoments} from a checkpoint). */
    public void setStepCount(long step) {
        this.step = step;
    }

    /** The first moments, parameter order, shaped like the parameters: copies, owned by {@code scope}. */
    public List<NDArray> firstMoments(NDManager scope) {
        return perParameter(m, scope);
    }

    /** The second moments, parameter order, shaped like the parameters: copies, owned by {@code scope}. */
    public List<NDArray> secondMoments(NDManager scope) {
        return perParameter(v, scope);
    }

    /**
     * Overwrites the moments with {@code first} and {@code second} (parameter order, shaped like
     * the parameters, e.g. read from a checkpoint), in place.
     */
    public void setMoments(List<NDArray> first, List<NDArray> second) {
        NoGrad.run(() -> {
            copyInto(m, first);
            copyInto(v, second);
        });
    }

    private List<NDArray> perParameter(NDArray flat, NDManager scope) {
        NDList parts = inScope(flat.duplicate(), scope).split(splitPoints());
        List<NDArray> out = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            out.add(inScope(parts.get(i).reshape(params.get(i).array().getShape()), scope));
        }
        return out;
    }

    private void copyInto(NDArray flat, List<NDArray> parts) {
        if (parts.size() != params.size()) {
            throw new IllegalArgumentException(parts.size() + " moments for " + params.size() + " parameters");
        }
        try (NDManager scope = stateManager.newSubManager()) {
            NDList flatParts = new NDList(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                if (!parts.get(i).getShape().equals(params.get(i).array().getShape())) {
                    throw new IllegalArgumentException("moment " + i + " has shape " + parts.get(i).getShape() + ", its parameter "
                            + params.get(i).array().getShape());
                }
                flatParts.add(inScope(parts.get(i).reshape(-1), scope));
            }
            flat.set(ALL, inScope(NDArrays.concat(flatParts), scope));
        }
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
