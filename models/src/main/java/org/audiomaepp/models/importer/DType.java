package org.audiomaepp.models.importer;

import java.nio.ByteBuffer;

/** Element types of stored tensors that are read as float32 weights. */
public enum DType {
    F32(4),
    F16(2),
    BF16(2),
    F64(8);

    final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Element {@code index} of a little-endian buffer, as float32. */
    float read(ByteBuffer b, long index) {
        int at = Math.toIntExact(index * bytes);
        return switch (this) {
            case F32 -> b.getFloat(at);
            case F16 -> halfToFloat(b.getShort(at));
            case BF16 -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
            case F64 -> (float) b.getDouble(at);
        };
    }

    /** IEEE 754 binary16 to float32 (exact: every half value is a float). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
