package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;

/**
 * One trainable tensor of a network.
 *
 * @param name  stable dotted name, e.g. {@code encoder.blocks.0.attn.qkv.weight}
 * @param array the values (requires gradient)
 * @param decay whether AdamW's weight decay applies (docs/model.md §8.1: linear weights, cls and mask
 *              tokens yes; biases and LayerNorm parameters no)
 */
public record NamedParameter(String name, NDArray array, boolean decay) {
    /** Number of values. */
    public long size() {
        return array.getShape().size();
    }
}
