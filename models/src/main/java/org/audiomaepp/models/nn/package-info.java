/**
 * Network pieces written functionally over plain named NDArrays: a parameter registry with seeded
 * initialization, linear and LayerNorm layers, attention with optional RoPE, MLP and SwiGLU
 * feed-forwards, the vanilla and plusplus blocks, sin-cos tables, and a checksummed tensor file.
 *
 * <p>Every forward method keeps the activation as the left operand of each operation, so arrays
 * created in a pass are attached to the manager of the input (the caller's per-step manager),
 * never to the parameters' manager.
 */
package org.audiomaepp.models.nn;
