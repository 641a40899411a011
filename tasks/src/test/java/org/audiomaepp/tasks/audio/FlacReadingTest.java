package org.audiomaepp.tasks.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.audiomaepp.tasks.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FLAC decoding against fixtures made by the reference encoder (flac 1.4.2,
 * {@code flac -8 --blocksize=1152 --padding=64}) from 5000-frame PCM WAVs whose integer samples are
 * given by {@link #triangle} plus {@link #noise}, the same formulas used here to predict them. The
 * 12- and 20-bit fixtures come from WAVE_FORMAT_EXTENSIBLE WAVs with that many valid bits.
 */
class FlacReadingTest {

    private static final int FRAMES = 5000;

    @TempDir
    Path dir;

    static int triangle(int i, int period, int amp) {
        int p = i % period;
        return Math.abs(2 * p - period) * 2 * amp / period - amp;
    }

    static int noise(int i, int k) {
        return (int) ((long) i * 7919 % (2 * k + 1)) - k;
    }

    static Stream<Arguments> fixtures() {
        IntUnaryOperator mono16 = i -> triangle(i, 80, 20000) + noise(i, 500);
        IntUnaryOperator left24 = i -> triangle(i, 101, 5000000) + noise(i, 30000);
        IntUnaryOperator right24 = i -> -triangle(i, 37, 2000000) + noise(i, 1000);
        IntUnaryOperator mono8 = i -> triangle(i, 40, 100) + noise(i, 10);
        IntUnaryOperator mono12 = i -> triangle(i, 50, 1500) + noise(i, 100);
        IntUnaryOperator mono20 = i -> triangle(i, 50, 400000) + noise(i, 2000);
        return Stream.of(
                Arguments.of("mono16.flac", new AudioInfo(16000, 1, FRAMES, "flac:s16"), new IntUnaryOperator[] {mono16}),
                Arguments.of("stereo24.flac", new AudioInfo(44100, 2, FRAMES, "flac:s24"), new IntUnaryOperator[] {left24, right24}),
                Arguments.of("mono8.flac", new AudioInfo(8000, 1, FRAMES, "flac:s8"), new IntUnaryOperator[] {mono8}),
                Arguments.of("mono12.flac", new AudioInfo(16000, 1, FRAMES, "flac:s12"), new IntUnaryOperator[] {mono12}),
                Arguments.of("mono20.flac", new AudioInfo(16000, 1, FRAMES, "flac:s20"), new IntUnaryOperator[] {mono20}));
    }

    private Path fixture(String name) throws IOException {
        Path f = dir.resolve(name);
        try (InputStream in = FlacReadingTest.class.getResourceAsStream("/audio/" + name)) {
            Files.copy(in, f);
        }
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decodesLosslesslyAndAveragesChannels(String name, AudioInfo expectedInfo, IntUnaryOperator[] channels)
            throws IOException {
        Path f = fixture(name);

        Audio audio = AudioReader.readMono(f);

        double scale = Math.pow(2, -(Integer.parseInt(expectedInfo.encoding().substring(6)) - 1));
        assertEquals(expectedInfo.sampleRate(), audio.sampleRate());
        assertEquals(FRAMES, audio.samples().length);
        for (int i = 0; i < FRAMES; i++) {
            double sum = 0;
            for (IntUnaryOperator c : channels) {
                sum += c.applyAsInt(i);
            }
            assertEquals((float) (sum * scale / channels.length), audio.samples()[i], "frame " + i);
        }
        assertEquals(expectedInfo, AudioReader.info(f));
    }

    @Test
    void countsFramesByDecodingWhenTheHeaderDoesNotStateThem() throws IOException {
        Path f = fixture("mono16.flac");
        byte[] bytes = Files.readAllBytes(f);
        // STREAMINFO starts at byte 8; its 36-bit total-sample count occupies the low nibble of byte 13 and bytes 14-17
        bytes[8 + 13] &= (byte) 0xf0;
        Arrays.fill(bytes, 8 + 14, 8 + 18, (byte) 0);
        Files.write(f, bytes);

        assertEquals(new AudioInfo(16000, 1, FRAMES, "flac:s16"), AudioReader.info(f));
        assertEquals(FRAMES, AudioReader.readMono(f).samples().length);
    }

    @Test
    void skipsAnId3TagBeforeTheStream() throws IOException {
        Path f = fixture("mono16.flac");
        byte[] flac = Files.readAllBytes(f);
        byte[] tagged = new byte[10 + 20 + flac.length];
        // "ID3", version 2.4, no flags, 20-byte body (size in 7-bit bytes)
        System.arraycopy(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 20}, 0, tagged, 0, 10);
        System.arraycopy(flac, 0, tagged, 30, flac.length);
        Files.write(f, tagged);

        assertEquals(new AudioInfo(16000, 1, FRAMES, "flac:s16"), AudioReader.info(f));
        assertEquals(FRAMES, AudioReader.readMono(f).samples().length);
    }

    static Stream<Arguments> damaged() {
        return Stream.of(
                Arguments.of("truncated", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length * 2 / 3),
                        "truncated"),
                Arguments.of("corrupt-frame", (UnaryOperator<byte[]>) b -> {
                    byte[] c = b.clone();
                    c[c.length / 2] ^= 0x5a;
                    return c;
                }, "corrupt"),
                Arguments.of("32-bit", (UnaryOperator<byte[]>) b -> {
                    byte[] c = b.clone();
                    // bits-per-sample minus one: low bit of byte 12 and high nibble of byte 13 of STREAMINFO
                    c[8 + 12] |= 0x01;
                    c[8 + 13] = (byte) (c[8 + 13] | 0xf0);
                    return c;
                }, "32-bit samples"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damaged")
    void damagedFilesAreBadInputNamingTheFile(String name, UnaryOperator<byte[]> damage, String problem)
            throws IOException {
        Path f = fixture("mono16.flac");
        Files.write(f, damage.apply(Files.readAllBytes(f)));

        BadInputException e = assertThrows(BadInputException.class, () -> AudioReader.readMono(f));

        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
