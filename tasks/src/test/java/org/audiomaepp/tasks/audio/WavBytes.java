package org.audiomaepp.tasks.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte, so tests control every header field and chunk. */
final class WavBytes {

    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    private String riff = "RIFF";

    static WavBytes create() {
        return new WavBytes();
    }

    WavBytes riffTag(String tag) {
        riff = tag;
        return this;
    }

    /** A plain 16-byte {@code fmt } chunk whose block align is consistent with the other fields. */
    WavBytes fmt(int tag, int channels, int rate, int bits) {
        int blockAlign = channels * ((bits + 7) / 8);
        return fmt(tag, channels, rate, bits, blockAlign);
    }

    WavBytes fmt(int tag, int channels, int rate, int bits, int blockAlign) {
        ByteBuffer b = le(16);
        b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE {@code fmt } chunk wrapping {@code subTag}. */
    WavBytes fmtExtensible(int subTag, int channels, int rate, int containerBits, int validBits) {
        int blockAlign = channels * containerBits / 8;
        ByteBuffer b = le(40);
        b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) containerBits)
                .putShort((short) 22).putShort((short) validBits).putInt(channels == 2 ? 3 : 4)
                .putShort((short) subTag)
                .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    WavBytes data(byte[] body) {
        return chunk("data", body);
    }

    /** A chunk with its declared size and body; odd sizes get the pad byte RIFF requires. */
    WavBytes chunk(String id, byte[] body) {
        return rawChunk(id, body.length, body, body.length % 2 == 1);
    }

    /** A chunk whose declared size may disagree with the bytes that follow. */
    WavBytes rawChunk(String id, long declaredSize, byte[] body, boolean pad) {
        ByteBuffer h = le(8);
        h.put(id.getBytes(StandardCharsets.US_ASCII)).putInt((int) declaredSize);
        chunks.writeBytes(h.array());
        chunks.writeBytes(body);
        if (pad) {
            chunks.write(0);
        }
        return this;
    }

    byte[] bytes() {
        byte[] body = chunks.toByteArray();
        ByteBuffer b = le(12 + body.length);
        b.put(riff.getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(body);
        return b.array();
    }

    /** Interleaved 16-bit little-endian samples. */
    static byte[] pcm16(short... samples) {
        ByteBuffer b = le(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
