package org.audiomaepp.tasks.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavReadingTest {

    private static final double[] VALUES = {0, 0.5, -0.5, 0.999, -1, 0.123456, -0.0078125, 1e-3};

    @TempDir
    Path dir;

    /** How to store one sample, and the WAV fields that announce it. */
    enum Format {
        U8(1, 1, 8, 8), S12(1, 2, 12, 12), S16(1, 2, 16, 16), S24(1, 3, 24, 24), S32(1, 4, 32, 32),
        F32(3, 4, 32, 32), F64(3, 8, 64, 64);

        final int tag;
        final int bytes;
        final int bits;
        final int validBits;

        Format(int tag, int bytes, int bits, int validBits) {
            this.tag = tag;
            this.bytes = bytes;
            this.bits = bits;
            this.validBits = validBits;
        }

        /** The largest error a correct reader can show: the quantisation step, or float32 rounding. */
        double step() {
            return tag == 3 ? 1e-7 : Math.max(1e-7, Math.pow(2, -(validBits - 1)));
        }

        void put(ByteBuffer b, double v) {
            switch (this) {
                case U8 -> b.put((byte) (Math.min(255, Math.round(v * 128) + 128)));
                case S12 -> b.putShort((short) (Math.max(-2048, Math.min(2047, Math.round(v * 2048))) << 4));
                case S16 -> b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
                case S24 -> {
                    int s = (int) Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608)));
                    b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                }
                case S32 -> b.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v * 2147483648.0))));
                case F32 -> b.putFloat((float) v);
                case F64 -> b.putDouble(v);
            }
        }

        byte[] encode(double[] interleaved) {
            ByteBuffer b = WavBytes.le(interleaved.length * bytes);
            for (double v : interleaved) {
                put(b, v);
            }
            return b.array();
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static void assertSamples(double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, "sample count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "sample " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void decodesEverySampleFormatToScaledFloats(Format format, boolean extensible) throws IOException {
        WavBytes w = WavBytes.create();
        if (extensible) {
            w.fmtExtensible(format.tag, 1, 22050, format.bytes * 8, format.validBits);
        } else {
            w.fmt(format.tag, 1, 22050, format.bits);
        }
        Path f = write("x.wav", w.data(format.encode(VALUES)).bytes());

        Audio audio = AudioReader.readMono(f);

        assertEquals(22050, audio.sampleRate());
        assertSamples(VALUES, audio.samples(), format.step());
        AudioInfo info = AudioReader.info(f);
        assertEquals(new AudioInfo(22050, 1, VALUES.length, info.encoding()), info);
    }

    static Stream<Arguments> formats() {
        return Stream.of(Format.values()).flatMap(f -> Stream.of(Arguments.of(f, false), Arguments.of(f, true)));
    }

    @Test
    void sixteenBitSamplesAreDividedBy32768() throws IOException {
        Path f = write("x.wav", WavBytes.create().fmt(1, 1, 16000, 16)
                .data(WavBytes.pcm16((short) -32768, (short) 16384, (short) 1)).bytes());

        assertArrayEquals(new float[] {-1f, 0.5f, 1f / 32768}, AudioReader.readMono(f).samples());
    }

    @ParameterizedTest
    @MethodSource("multiChannel")
    void averagesChannelsToMono(Format format, int channels) throws IOException {
        double[] frames = {0.5, -0.25, 0.125};
        double[] interleaved = new double[frames.length * channels];
        double[] expected = new double[frames.length];
        for (int i = 0; i < frames.length; i++) {
            for (int c = 0; c < channels; c++) {
                double v = c % 2 == 0 ? frames[i] : -frames[i] / 2;
                interleaved[i * channels + c] = v;
                expected[i] += v / channels;
            }
        }
        Path f = write("multi.wav", WavBytes.create().fmt(format.tag, channels, 8000, format.bits)
                .data(format.encode(interleaved)).bytes());

        assertSamples(expected, AudioReader.readMono(f).samples(), 2 * format.step());
        assertEquals(channels, AudioReader.info(f).channels());
    }

    static Stream<Arguments> multiChannel() {
        return Stream.of(Arguments.of(Format.S16, 2), Arguments.of(Format.S24, 3), Arguments.of(Format.F32, 6),
                Arguments.of(Format.U8, 2));
    }

    @Test
    void findsChunksInAnyOrderAndSkipsPaddedUnknownChunks() throws IOException {
        byte[] data = WavBytes.pcm16((short) 100, (short) -200, (short) 300);
        Path f = write("order.wav", WavBytes.create()
                .chunk("LIST", "INFOISFT\u0005\0\0\0abcde".getBytes(StandardCharsets.ISO_8859_1))
                .chunk("junk", new byte[] {1, 2, 3})
                .data(data)
                .chunk("fact", new byte[] {3, 0, 0, 0})
                .fmt(1, 1, 44100, 16)
                .bytes());

        assertSamples(new double[] {100 / 32768.0, -200 / 32768.0, 300 / 32768.0}, AudioReader.readMono(f).samples(), 0);
        assertEquals(new AudioInfo(44100, 1, 3, "wav:pcm_s16le"), AudioReader.info(f));
    }

    @Test
    void ignoresAPartialTrailingFrame() throws IOException {
        byte[] data = {0, 0x40, 0, (byte) 0xC0, 7};
        Path f = write("partial.wav", WavBytes.create().fmt(1, 1, 16000, 16).data(data).bytes());

        assertArrayEquals(new float[] {0.5f, -0.5f}, AudioReader.readMono(f).samples());
    }

    @Test
    void infoReportsDurationAndEncodingFromTheHeader() throws IOException {
        Path f = dir.resolve("tone.wav");
        WavWriter.writePcm16(f, new float[48000 * 3 / 2], 48000);

        AudioInfo info = AudioReader.info(f);

        assertEquals(new AudioInfo(48000, 1, 72000, "wav:pcm_s16le"), info);
        assertEquals(1.5, info.durationSeconds(), 0);
    }

    @Test
    void readMono16kResamplesOtherRatesAndKeeps16kUntouched() throws IOException {
        float[] samples = new float[4800];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48000.0));
        }
        Path at48k = dir.resolve("a.wav");
        WavWriter.writePcm16(at48k, samples, 48000);
        Path at16k = dir.resolve("b.wav");
        WavWriter.writePcm16(at16k, samples, 16000);

        assertEquals(1600, AudioReader.readMono16k(at48k).length);
        assertArrayEquals(AudioReader.readMono(at16k).samples(), AudioReader.readMono16k(at16k));
    }
}
