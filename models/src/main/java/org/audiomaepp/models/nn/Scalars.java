package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Constants for engine operations that autograd records.
 *
 * <p>DJL's {@code mul(Number)}, {@code div(Number)}, {@code maximum(Number)} and the like wrap the
 * number in a tensor that <em>views</em> a Java direct buffer, run the operation, and close that
 * tensor at once. Autograd keeps the operand for the backward pass (the gradient of {@code x * c}
 * is {@code c}), but the buffer behind it is freed by the Java garbage collector whenever a
 * collection happens to run, and its memory reused: the backward pass then reads whatever lies
 * there. Gradients, and with them whole training runs, changed with the timing of the collector:
 * usually not at all, sometimes in the fifth digit, once in a while to NaN. A constant made here
 * lives in memory the engine allocated and counts references to, so autograd can hold it as long
 * as it needs. Every operation on a tensor that may require a gradient takes its constants from
 * here, never as a Java number.
 */
public final class Scalars {
    private Scalars() {}

    /** The constant {@code value} as a 0-d tensor of {@code like}'s type, on its device and in its manager. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
