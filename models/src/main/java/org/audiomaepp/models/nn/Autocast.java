package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.function.Supplier;

/**
 * Mixed-precision matrix products, like {@code torch.autocast} but for the two places this model
 * multiplies matrices ({@link Linear} and {@link Attention}): inside {@link #call} with
 * {@link Precision#FP16}, {@link #matMul} casts both operands to float16, multiplies, and casts the
 * product back to float32, so everything else (layer norms, softmax, the loss, gradients of the
 * float32 weights, the optimizer) stays float32. Outside, or with another precision,
 * {@link #matMul} is exactly {@code a.matMul(b)}.
 *
 * <p>The mode is per thread, as PyTorch's autocast and grad mode are. The casts are copies into a
 * new array of the other type ({@code out.set(..., x)}, PyTorch's differentiable {@code copy_}),
 * not {@code toType}: the engine runs {@code toType} with gradient recording off, which would cut
 * the backward pass at every cast.
 */
public final class Autocast {

    private static final ThreadLocal<Precision> MODE = ThreadLocal.withInitial(() -> Precision.FP32);
    private static final NDIndex ALL = new NDIndex("...");

    private Autocast() {}

    /** Computes {@code work} with matrix products in {@code precision}, then restores the previous mode. */
    public static <T> T call(Precision precision, Supplier<T> work) {
        Precision was = MODE.get();
        MODE.set(precision);
        try {
            return work.get();
        } finally {
            MODE.set(was);
        }
    }

    /** The calling thread's precision for matrix products. */
    public static Precision current() {
        return MODE.get();
    }

    /**
     * {@code a · b}; under FP16 computed in float16 and returned as float32. Every array created
     * belongs to {@code a}'s manager (the step's scope), also the float16 copy of a weight {@code b}.
     */
    public static NDArray matMul(NDArray a, NDArray b) {
        if (MODE.get() != Precision.FP16) {
            return a.matMul(b);
        }
        return cast(cast(a, a, DataType.FLOAT16).matMul(cast(b, a, DataType.FLOAT16)), a, DataType.FLOAT32);
    }

    /** {@code x} as {@code type}, in a new array owned by {@code owner}'s manager; gradients flow through. */
    private static NDArray cast(NDArray x, NDArray owner, DataType type) {
        NDArray out = owner.getManager().create(x.getShape(), type);
        out.set(ALL, x);
        return out;
    }
}
