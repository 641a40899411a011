package org.audiomaepp.tasks.audio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.audiomaepp.tasks.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a file can fail to be audio ends in a BadInputException naming the file and the problem. */
class BadAudioTest {

    @TempDir
    Path dir;

    private static final byte[] TONE = WavBytes.pcm16((short) 1, (short) 2, (short) 3, (short) 4);

    static Stream<Arguments> badFiles() {
        byte[] good = WavBytes.create().fmt(1, 1, 16000, 16).data(TONE).bytes();
        return Stream.of(
                Arguments.of("empty", new byte[0], "is empty"),
                Arguments.of("text", "hello, this is not audio\n".getBytes(StandardCharsets.US_ASCII), "not a WAV or FLAC"),
                Arguments.of("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13},
                        "starts with bytes 89504e47"),
                Arguments.of("riff-only", "RIFF".getBytes(StandardCharsets.US_ASCII), "too short"),
                Arguments.of("header-cut-in-fmt", Arrays.copyOf(good, 30), "ends inside its 'fmt ' chunk"),
                Arguments.of("no-data-chunk", WavBytes.create().fmt(1, 1, 16000, 16).bytes(), "no 'data' chunk"),
                Arguments.of("no-fmt-chunk", WavBytes.create().data(TONE).bytes(), "no 'fmt ' chunk"),
                Arguments.of("truncated-data", Arrays.copyOf(good, good.length - 3), "declares 8 bytes but only 5"),
                Arguments.of("zero-length-data", WavBytes.create().fmt(1, 1, 16000, 16).data(new byte[0]).bytes(),
                        "'data' chunk is empty"),
                Arguments.of("less-than-a-frame", WavBytes.create().fmt(1, 2, 16000, 24).data(new byte[] {1, 2, 3}).bytes(),
                        "shorter than one sample frame"),
                Arguments.of("a-law", WavBytes.create().fmt(6, 1, 8000, 8).data(TONE).bytes(), "A-law"),
                Arguments.of("mu-law", WavBytes.create().fmt(7, 1, 8000, 8).data(TONE).bytes(), "mu-law"),
                Arguments.of("adpcm", WavBytes.create().fmt(2, 1, 8000, 4, 256).data(TONE).bytes(), "ADPCM"),
                Arguments.of("float16", WavBytes.create().fmt(3, 1, 8000, 16).data(TONE).bytes(), "16-bit float"),
                Arguments.of("pcm40", WavBytes.create().fmt(1, 1, 8000, 40).data(new byte[10]).bytes(), "40-bit integer"),
                Arguments.of("bad-block-align", WavBytes.create().fmt(1, 2, 8000, 16, 2).data(TONE).bytes(), "inconsistent"),
                Arguments.of("zero-channels", WavBytes.create().fmt(1, 0, 8000, 16, 0).data(TONE).bytes(), "0 channels"),
                Arguments.of("zero-rate", WavBytes.create().fmt(1, 1, 0, 16).data(TONE).bytes(), "sample rate of 0"),
                Arguments.of("rifx", WavBytes.create().riffTag("RIFX").fmt(1, 1, 8000, 16).data(TONE).bytes(), "RIFX"),
                Arguments.of("rf64", WavBytes.create().riffTag("RF64").fmt(1, 1, 8000, 16).data(TONE).bytes(), "RF64"),
                Arguments.of("ogg", "OggS\0\2\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1), "Ogg"),
                Arguments.of("nan-float", WavBytes.create().fmt(3, 1, 8000, 32)
                        .data(floats(0.5f, Float.NaN)).bytes(), "NaN"),
                Arguments.of("flac-marker-only", "fLaC\0\0\0\"".getBytes(StandardCharsets.ISO_8859_1), "ends inside its STREAMINFO"),
                Arguments.of("flac-cut-in-streaminfo", "fLaC\0\0\0\"\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                        "ends inside its STREAMINFO"));
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = WavBytes.le(values.length * 4);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void readMonoRejectsWithAMessageNamingTheFile(String name, byte[] bytes, String problem) throws IOException {
        Path f = dir.resolve(name + ".wav");
        Files.write(f, bytes);

        BadInputException e = assertThrows(BadInputException.class, () -> AudioReader.readMono(f));

        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void infoRejectsHeaderProblemsToo(String name, byte[] bytes, String problem) throws IOException {
        Path f = dir.resolve(name + ".wav");
        Files.write(f, bytes);
        if (problem.equals("NaN")) {
            return;
        }

        BadInputException e = assertThrows(BadInputException.class, () -> AudioReader.info(f));

        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("absent.wav");

        BadInputException e = assertThrows(BadInputException.class, () -> AudioReader.info(f));

        assertTrue(e.getMessage().contains(f + ": no such audio file"), e.getMessage());
    }
}
