package org.audiomaepp.tasks.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.audiomaepp.tasks.BadInputException;

/** RIFF/WAVE parsing and decoding behind {@link AudioReader}; see there for what is supported. */
final class WavFile {

    private static final int TAG_PCM = 0x0001;
    private static final int TAG_FLOAT = 0x0003;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID whose first two bytes are a format tag. */
    private static final byte[] GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };
    private static final int FRAMES_PER_READ = 1 << 14;

    /** How one sample is stored. */
    private enum SampleFormat {
        U8(1, "pcm_u8"), S16(2, "pcm_s16le"), S24(3, "pcm_s24le"), S32(4, "pcm_s32le"),
        F32(4, "pcm_f32le"), F64(8, "pcm_f64le");

        final int bytes;
        final String label;

        SampleFormat(int bytes, String label) {
            this.bytes = bytes;
            this.label = label;
        }

        boolean isFloat() {
            return this == F32 || this == F64;
        }
    }

    /** Where the samples are and how to decode them. */
    private record Layout(SampleFormat format, int validBits, int sampleRate, int channels, long dataOffset, long frames) {
        int blockAlign() {
            return format.bytes * channels;
        }

        String encoding() {
            String label = "wav:" + format.label;
            return validBits < format.bytes * 8 && !format.isFloat() ? label + " (" + validBits + "-bit)" : label;
        }
    }

    private WavFile() {}

    static AudioInfo info(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout l = layout(file, ch);
            return new AudioInfo(l.sampleRate(), l.channels(), l.frames(), l.encoding());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    static Audio readMono(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout l = layout(file, ch);
            if (l.frames() > Integer.MAX_VALUE - 8) {
                throw new BadInputException(file + ": holds " + l.frames()
                        + " samples per channel, more than one array can hold; split it into shorter files");
            }
            return new Audio(decode(file, ch, l), l.sampleRate());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static Layout layout(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer fmt = null;
        long dataOffset = -1;
        long dataBytes = 0;
        long pos = 12;
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (pos + 8 <= size && (fmt == null || dataOffset < 0)) {
            readFully(ch, header.clear(), pos);
            String id = new String(header.array(), 0, 4, StandardCharsets.ISO_8859_1);
            long chunkBytes = Integer.toUnsignedLong(header.getInt(4));
            long body = pos + 8;
            if (id.equals("fmt ") && fmt == null) {
                if (chunkBytes < 16) {
                    throw bad(file, "its 'fmt ' chunk is " + chunkBytes + " bytes, fewer than the 16 every WAV has");
                }
                if (body + Math.min(chunkBytes, 40) > size) {
                    throw bad(file, "the file ends inside its 'fmt ' chunk (truncated)");
                }
                fmt = ByteBuffer.allocate((int) Math.min(chunkBytes, 40)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, fmt, body);
            } else if (id.equals("data") && dataOffset < 0) {
                dataOffset = body;
                dataBytes = chunkBytes;
            }
            pos = body + chunkBytes + (chunkBytes & 1);
        }
        if (fmt == null) {
            throw bad(file, "it has no 'fmt ' chunk (not a WAV file, or its header is damaged)");
        }
        if (dataOffset < 0) {
            throw bad(file, "it has no 'data' chunk (no audio, or the file is truncated)");
        }
        Layout partial = parseFormat(file, fmt);
        if (dataBytes == 0) {
            throw bad(file, "its 'data' chunk is empty: the file holds no audio samples");
        }
        if (dataOffset + dataBytes > size) {
            throw bad(file, "its 'data' chunk declares " + dataBytes + " bytes but only " + (size - dataOffset)
                    + " follow (truncated file, or written by a program that never finalised the header)");
        }
        long frames = dataBytes / partial.blockAlign();
        if (frames == 0) {
            throw bad(file, "its 'data' chunk (" + dataBytes + " bytes) is shorter than one sample frame ("
                    + partial.blockAlign() + " bytes)");
        }
        return new Layout(partial.format(), partial.validBits(), partial.sampleRate(), partial.channels(), dataOffset, frames);
    }

    /** The format chunk as a layout without data position or length. */
    private static Layout parseFormat(Path file, ByteBuffer fmt) {
        int tag = Short.toUnsignedInt(fmt.getShort(0));
        int channels = Short.toUnsignedInt(fmt.getShort(2));
        long sampleRate = Integer.toUnsignedLong(fmt.getInt(4));
        int blockAlign = Short.toUnsignedInt(fmt.getShort(12));
        int bits = Short.toUnsignedInt(fmt.getShort(14));
        int validBits = bits;
        if (tag == TAG_EXTENSIBLE) {
            if (fmt.capacity() < 40) {
                throw bad(file, "its WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is " + fmt.capacity() + " bytes, not 40");
            }
            int declaredValid = Short.toUnsignedInt(fmt.getShort(18));
            validBits = declaredValid == 0 ? bits : declaredValid;
            tag = Short.toUnsignedInt(fmt.getShort(24));
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (fmt.get(26 + i) != GUID_TAIL[i]) {
                    throw unsupported(file, "its WAVE_FORMAT_EXTENSIBLE sub-format GUID is not PCM or IEEE float");
                }
            }
        }
        if (channels == 0) {
            throw bad(file, "its 'fmt ' chunk says 0 channels");
        }
        if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
            throw bad(file, "its 'fmt ' chunk says a sample rate of " + sampleRate + " Hz");
        }
        SampleFormat format = switch (tag) {
            case TAG_PCM -> switch ((bits + 7) / 8) {
                case 1 -> SampleFormat.U8;
                case 2 -> SampleFormat.S16;
                case 3 -> SampleFormat.S24;
                case 4 -> SampleFormat.S32;
                default -> throw unsupported(file, "it holds " + bits + "-bit integer PCM (supported: up to 32 bits)");
            };
            case TAG_FLOAT -> switch (bits) {
                case 32 -> SampleFormat.F32;
                case 64 -> SampleFormat.F64;
                default -> throw unsupported(file, "it holds " + bits + "-bit float samples (supported: 32 and 64)");
            };
            default -> throw unsupported(file, "it is encoded as " + tagName(tag) + " (format tag 0x"
                    + Integer.toHexString(tag) + "); supported are integer PCM and IEEE float");
        };
        if (bits == 0 || validBits > bits) {
            throw bad(file, "its 'fmt ' chunk says " + bits + " bits per sample, " + validBits + " of them valid");
        }
        if (blockAlign != format.bytes * channels) {
            throw bad(file, "its 'fmt ' chunk is inconsistent: " + channels + " channels of " + bits
                    + "-bit samples need " + format.bytes * channels + " bytes per frame, but it says " + blockAlign);
        }
        return new Layout(format, validBits, (int) sampleRate, channels, 0, 0);
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0055 -> "MPEG layer 3";
            default -> "an unknown encoding";
        };
    }

    private static float[] decode(Path file, FileChannel ch, Layout l) throws IOException {
        int frames = (int) l.frames();
        int channels = l.channels();
        SampleFormat format = l.format();
        float[] out = new float[frames];
        ByteBuffer buf = ByteBuffer.allocate(FRAMES_PER_READ * l.blockAlign()).order(ByteOrder.LITTLE_ENDIAN);
        long pos = l.dataOffset();
        for (int start = 0; start < frames; start += FRAMES_PER_READ) {
            int count = Math.min(FRAMES_PER_READ, frames - start);
            buf.clear().limit(count * l.blockAlign());
            readFully(ch, buf, pos);
            pos += buf.limit();
            buf.flip();
            for (int i = 0; i < count; i++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += sample(buf, format);
                }
                if (format.isFloat() && !Double.isFinite(sum)) {
                    throw bad(file, "sample frame " + (start + i) + " is NaN or infinite");
                }
                out[start + i] = (float) (sum / channels);
            }
        }
        return out;
    }

    private static double sample(ByteBuffer b, SampleFormat format) {
        return switch (format) {
            case U8 -> ((b.get() & 0xff) - 128) / 128.0;
            case S16 -> b.getShort() / 32768.0;
            case S24 -> ((b.get() & 0xff) | (b.get() & 0xff) << 8 | b.get() << 16) / 8388608.0;
            case S32 -> b.getInt() / 2147483648.0;
            case F32 -> b.getFloat();
            case F64 -> b.getDouble();
        };
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    private static BadInputException bad(Path file, String what) {
        return new BadInputException(file + ": not a readable WAV file: " + what);
    }

    private static BadInputException unsupported(Path file, String what) {
        return new BadInputException(file + ": unsupported WAV encoding: " + what + AudioReader.CONVERT_HINT);
    }
}
