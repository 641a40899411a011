package org.audiomaepp.models.importer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor of a checkpoint, not yet read: where its elements lie in a storage (offset and
 * strides, in elements, as PyTorch keeps them) and how to fetch that storage's bytes.
 *
 * @param file    the checkpoint, for messages
 * @param name    the tensor's name in the checkpoint's state dict
 * @param dtype   element type
 * @param shape   sizes per axis
 * @param stride  elements between neighbours along each axis
 * @param offset  first element's index in the storage
 * @param storage the storage's bytes (read on demand)
 */
public record StoredTensor(Path file, String name, DType dtype, long[] shape, long[] stride, long offset,
        StorageBytes storage) {

    /** Fetches a storage's raw little-endian bytes. */
    @FunctionalInterface
    public interface StorageBytes {
        byte[] read();
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The element type's name as the checkpoint spells it (for provenance). */
    public String dtypeName() {
        return dtype.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The elements in row-major order as float32 (float16 and bfloat16 widened exactly).
     *
     * @throws ImportException if the storage holds fewer elements than the view needs (a truncated file)
     */
    public float[] values() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new ImportException(file + ": tensor `" + name + "` has " + n + " elements, more than one array holds");
        }
        byte[] bytes = storage.read();
        long available = bytes.length / dtype.bytes;
        long last = offset;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return new float[0];
            }
            last += (shape[d] - 1) * stride[d];
        }
        if (offset < 0 || last >= available) {
            throw new ImportException(file + ": tensor `" + name + "` needs storage elements up to " + last
                    + " but its storage holds " + available + "; the file is truncated or damaged, download it again");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[(int) n];
        long[] index = new long[shape.length];
        for (int i = 0; i < out.length; i++) {
            long at = offset;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
            }
            out[i] = dtype.read(b, at);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name + " " + dtypeName() + Arrays.toString(shape);
    }

    /** Row-major strides of a shape. */
    static long[] contiguous(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }
}
