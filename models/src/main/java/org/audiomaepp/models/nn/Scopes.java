package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * Frees a residual branch's intermediates as soon as the branch is done. DJL keeps every array a
 * forward pass creates until its manager closes, so without a scope all the temporaries of a step
 * (float16 copies, activations the backward pass never reads, products already added up) stay
 * allocated through the backward pass. Closing a handle does not free a tensor that the autograd
 * graph saved, so closing the branch's scope releases exactly what the backward pass does not
 * need; the arithmetic, and so every byte of the result, is unchanged.
 */
public final class Scopes {

    private Scopes() {}

    /**
     * {@code x + branch(x)}, with every array that {@code branch} creates in a sub-manager of
     * {@code x}'s manager that is closed before returning; the sum is attached to {@code x}'s
     * manager. {@code branch} must create its arrays from its input (as every layer here does) and
     * must not keep them.
     */
    public static NDArray residual(NDArray x, UnaryOperator<NDArray> branch) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            // x goes back to its own manager when the scope closes
            x.tempAttach(scope);
            NDArray sum = x.add(branch.apply(x));
            sum.attach(parent);
            return sum;
        }
    }
}
