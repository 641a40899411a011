package org.audiomaepp.tasks.hear;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads just the header of a RIFF/WAVE file (format, channels, rate, sample count) so that a task
 * check can vet thousands of files without decoding them.
 */
final class WavHeaders {

    /** What a header says. {@code pcm16} is true only for integer PCM at 16 bits per sample. */
    record Header(int sampleRate, int channels, int bitsPerSample, boolean pcm, long frames) {
        boolean pcm16() {
            return pcm && bitsPerSample == 16;
        }

        double durationSeconds() {
            return sampleRate > 0 ? (double) frames / sampleRate : 0;
        }

        String encoding() {
            return (pcm ? "PCM" : "non-PCM") + " " + bitsPerSample + "-bit";
        }
    }

    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    private WavHeaders() {}

    /** Parses the header; an IOException says why the file is not a readable WAV file. */
    static Header read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer riff = readFully(ch, 0, 12);
            if (riff == null || riff.getInt(0) != 0x46464952 || riff.getInt(8) != 0x45564157) {
                throw new IOException("not a RIFF/WAVE file");
            }
            Header fmt = null;
            long pos = 12;
            while (pos + 8 <= size) {
                ByteBuffer chunk = readFully(ch, pos, 8);
                if (chunk == null) {
                    break;
                }
                int id = chunk.getInt(0);
                long len = Integer.toUnsignedLong(chunk.getInt(4));
                long body = pos + 8;
                if (id == 0x20746d66) { // "fmt "
                    if (len < 16) {
                        throw new IOException("fmt chunk too short");
                    }
                    ByteBuffer f = readFully(ch, body, (int) Math.min(len, 40));
                    if (f == null) {
                        throw new IOException("truncated fmt chunk");
                    }
                    int tag = Short.toUnsignedInt(f.getShort(0));
                    int channels = Short.toUnsignedInt(f.getShort(2));
                    int rate = f.getInt(4);
                    int bits = Short.toUnsignedInt(f.getShort(14));
                    boolean pcm = tag == WAVE_FORMAT_PCM
                            || (tag == WAVE_FORMAT_EXTENSIBLE && len >= 26 && f.capacity() >= 26
                                    && Short.toUnsignedInt(f.getShort(24)) == WAVE_FORMAT_PCM);
                    fmt = new Header(rate, channels, bits, pcm, 0);
                } else if (id == 0x61746164) { // "data"
                    if (fmt == null) {
                        throw new IOException("data chunk before fmt chunk");
                    }
                    long available = Math.min(len, size - body);
                    int frameBytes = Math.max(1, fmt.channels() * ((fmt.bitsPerSample() + 7) / 8));
                    return new Header(fmt.sampleRate(), fmt.channels(), fmt.bitsPerSample(), fmt.pcm(),
                            available / frameBytes);
                }
                pos = body + len + (len & 1);
            }
            throw new IOException(fmt == null ? "no fmt chunk" : "no data chunk");
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                return null;
            }
        }
        return b;
    }
}
