package org.audiomaepp.models.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What the trainer needs from a network: its parameters and a differentiable loss on a batch of
 * spectrogram crops.
 */
public interface TrainableModel {

    /**
     * A trained array, updated in place by the optimizer.
     *
     * @param name unique, stable name (checkpoints match parameters by name)
     * @param array the parameter itself (float32, on the training device)
     * @param decay whether AdamW's weight decay applies (weights, cls and mask tokens; not biases
     *     or LayerNorm parameters)
     */
    record Parameter(String name, NDArray array, boolean decay) {}

    /** Every trained parameter, in a fixed order. */
    List<Parameter> parameters();

    /**
     * The scalar training loss of {@code batch} ({@code [B, 1, 200, 80]}, normalized log-mel),
     * with masks drawn from {@code maskSeed}. The result and every intermediate must belong to
     * {@code batch}'s manager (the step's scope), never to the model's.
     */
    NDArray loss(NDArray batch, long maskSeed);
}
