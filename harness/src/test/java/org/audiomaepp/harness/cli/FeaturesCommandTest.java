package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.audiomaepp.tasks.audio.AudioReader;
import org.audiomaepp.tasks.audio.LogMel;
import org.audiomaepp.tasks.audio.WavWriter;
import org.audiomaepp.tasks.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest extends CommandLineTestBase {

    @TempDir
    Path dir;

    /** 0.5 s of a 440 Hz tone at 22.05 kHz, so the command has to resample. */
    private Path toneWav() throws IOException {
        float[] x = new float[11025];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 22050.0));
        }
        Path wav = dir.resolve("tone.wav");
        WavWriter.writePcm16(wav, x, 22050);
        return wav;
    }

    @Test
    void writesNormalisedLogMelAsNpy() throws IOException {
        Path wav = toneWav();
        Path npy = dir.resolve("out/tone.npy");

        assertEquals(0, run("features", wav.toString(), "--out", npy.toString()), err.toString());

        Npy.FloatArray a = Npy.read(npy);
        assertArrayEquals(new int[] {51, 80}, a.shape());
        double sum = 0;
        double squares = 0;
        for (float v : a.data()) {
            sum += v;
            squares += v * v;
        }
        assertEquals(0, sum / a.data().length, 1e-5);
        assertEquals(1, Math.sqrt(squares / a.data().length), 1e-5);
        assertTrue(out.toString().contains("[51, 80]"), out.toString());
    }

    @Test
    void rawWritesTheLogMelBeforeNormalisation() throws IOException {
        Path wav = toneWav();
        Path npy = dir.resolve("raw.npy");

        assertEquals(0, run("features", wav.toString(), "--out", npy.toString(), "--raw"), err.toString());

        float[][] expected;
        try (NDManager manager = NDManager.newBaseManager()) {
            expected = LogMel.logMel(manager, AudioReader.readMono16k(wav));
        }
        Npy.FloatArray a = Npy.read(npy);
        assertEquals(expected.length, a.rows());
        for (int t = 0; t < expected.length; t++) {
            assertArrayEquals(expected[t], a.row(t), "frame " + t);
        }
    }

    @Test
    void aCorruptFileExitsWithTwoAndNamesIt() throws IOException {
        Path bad = dir.resolve("broken.wav");
        Files.writeString(bad, "RIFF....WAVEnot really", StandardCharsets.US_ASCII);
        Path npy = dir.resolve("never.npy");

        int code = run("features", bad.toString(), "--out", npy.toString());

        assertEquals(2, code);
        assertTrue(err.toString().contains(bad.toString()), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(Files.exists(npy));
    }
}
