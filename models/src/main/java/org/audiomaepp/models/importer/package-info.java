/**
 * Reading checkpoints written by other code (the released AudioMAE++ PyTorch checkpoints, as
 * {@code torch.save} zip archives or safetensors files) into this project's masked autoencoder,
 * without running any of their code: a pickle reader that only understands the opcodes and the
 * few classes a state dict needs, the two container formats, the name mapping, and the import
 * that checks every tensor.
 */
package org.audiomaepp.models.importer;
