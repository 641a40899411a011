package org.audiomaepp.tasks.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins {@link LogMel} to the torchaudio definition through a reference written here from the
 * formulas alone: explicit reflect padding, a direct double-precision DFT per frame and a
 * filterbank built from the HTK mel formulas, none of it shared with the production code.
 */
class LogMelTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    // ---- reference ------------------------------------------------------------------------

    /** HTK-mel triangles: peaks at 82 points equally spaced in mel between 50 and 8000 Hz. */
    static double[][] referenceFilterbank() {
        double lo = 2595 * Math.log10(1 + 50 / 700.0);
        double hi = 2595 * Math.log10(1 + 8000 / 700.0);
        double[] hz = new double[82];
        for (int i = 0; i < 82; i++) {
            double mel = lo + (hi - lo) * i / 81;
            hz[i] = 700 * (Math.pow(10, mel / 2595) - 1);
        }
        double[][] fb = new double[201][80];
        for (int k = 0; k < 201; k++) {
            double f = 8000.0 * k / 200;
            for (int m = 0; m < 80; m++) {
                if (f > hz[m] && f <= hz[m + 1]) {
                    fb[k][m] = (f - hz[m]) / (hz[m + 1] - hz[m]);
                } else if (f > hz[m + 1] && f < hz[m + 2]) {
                    fb[k][m] = (hz[m + 2] - f) / (hz[m + 2] - hz[m + 1]);
                }
            }
        }
        return fb;
    }

    static double[] melCentres() {
        double lo = 2595 * Math.log10(1 + 50 / 700.0);
        double hi = 2595 * Math.log10(1 + 8000 / 700.0);
        double[] c = new double[80];
        for (int m = 0; m < 80; m++) {
            c[m] = 700 * (Math.pow(10, (lo + (hi - lo) * (m + 1) / 81) / 2595) - 1);
        }
        return c;
    }

    /** Power spectrum of frame t: reflect padding by 200, periodic Hann, 400-point DFT, 201 bins. */
    static double[] referencePower(float[] x, int t) {
        int n = x.length;
        double[] p = new double[201];
        for (int k = 0; k <= 200; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < 400; j++) {
                int i = t * 160 + j - 200;
                if (i < 0) {
                    i = -i;
                } else if (i >= n) {
                    i = 2 * (n - 1) - i;
                }
                double w = 0.5 * (1 - Math.cos(2 * Math.PI * j / 400));
                re += x[i] * w * Math.cos(2 * Math.PI * k * j / 400);
                im -= x[i] * w * Math.sin(2 * Math.PI * k * j / 400);
            }
            p[k] = re * re + im * im;
        }
        return p;
    }

    static double[] melOf(double[] power, double[][] fb) {
        double[] mel = new double[80];
        for (int m = 0; m < 80; m++) {
            for (int k = 0; k < 201; k++) {
                mel[m] += power[k] * fb[k][m];
            }
        }
        return mel;
    }

    static float[] noisyChirp(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16000.0;
            x[i] = (float) (0.4 * Math.sin(2 * Math.PI * (200 + 3000 * t) * t) + 0.05 * (r.nextDouble() * 2 - 1));
        }
        return x;
    }

    // ---- tests ----------------------------------------------------------------------------

    @Test
    void filterbankMatchesTheHtkTriangles() {
        double[][] expected = referenceFilterbank();
        double[][] actual = LogMel.melFilterbank();
        for (int k = 0; k < 201; k++) {
            assertArrayEquals(expected[k], actual[k], 1e-12, "frequency bin " + k);
        }
    }

    @ParameterizedTest(name = "{0} samples")
    @ValueSource(ints = {201, 1000, 3211, 16000})
    void matchesADirectDoublePrecisionReference(int n) {
        float[] x = noisyChirp(n, n);
        double[][] fb = referenceFilterbank();

        float[][] actual = LogMel.logMel(manager, x);

        assertEquals(1 + n / 160, actual.length);
        int compared = 0;
        for (int t = 0; t < actual.length; t++) {
            double[] mel = melOf(referencePower(x, t), fb);
            double max = 0;
            for (double v : mel) {
                max = Math.max(max, v);
            }
            for (int m = 0; m < 80; m++) {
                // float32 products cannot resolve bins many orders of magnitude below the frame's peak
                if (mel[m] > 1e-5 * max) {
                    double expected = Math.log(mel[m] + 1.1920929e-07);
                    assertEquals(expected, actual[t][m], 1e-4 * Math.max(1, Math.abs(expected)), "frame " + t + " mel " + m);
                    compared++;
                }
            }
        }
        assertTrue(compared > actual.length * 60, "compared only " + compared + " values");
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {1000, 2000, 3000, 4400, 6000, 7600})
    void aToneOnAnFftBinHasTheAnalyticSpectrumAndPeaksInTheNearestMelBin(int hz) {
        double amplitude = 0.5;
        float[] x = new float[8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.cos(2 * Math.PI * hz * i / 16000.0 + 0.7));
        }
        // periodic Hann: the tone's bin gets (A/2 * 200)^2, each neighbour (A/2 * 100)^2, every other bin 0
        int k0 = hz / 40;
        double[] power = new double[201];
        power[k0] = Math.pow(amplitude * 100, 2);
        power[k0 - 1] = Math.pow(amplitude * 50, 2);
        power[k0 + 1] = Math.pow(amplitude * 50, 2);
        double[] mel = melOf(power, referenceFilterbank());

        float[] frame = LogMel.logMel(manager, x)[25];

        int nearest = 0;
        double[] centres = melCentres();
        for (int m = 0; m < 80; m++) {
            if (Math.abs(centres[m] - hz) < Math.abs(centres[nearest] - hz)) {
                nearest = m;
            }
            if (mel[m] > 1e-3) {
                assertEquals(Math.log(mel[m] + 1.1920929e-07), frame[m], 1e-4, "mel bin " + m);
            }
        }
        int loudest = 0;
        for (int m = 0; m < 80; m++) {
            if (frame[m] > frame[loudest]) {
                loudest = m;
            }
        }
        assertEquals(nearest, loudest);
    }

    @Test
    void edgesAreReflectPaddedNotZeroPadded() {
        // an impulse 100 samples in: reflect padding mirrors it to -100, so the first frame holds two
        // impulses 200 apart, both where the Hann window is 0.5: |X[k]|^2 = |0.5 + 0.5 e^{-i pi k}|^2,
        // which is 1 for even k and 0 for odd k (zero padding would give 0.25 everywhere)
        float[] x = new float[1600];
        x[100] = 1;
        double[] power = new double[201];
        for (int k = 0; k <= 200; k += 2) {
            power[k] = 1;
        }
        double[] mel = melOf(power, referenceFilterbank());

        float[] first = LogMel.logMel(manager, x)[0];

        for (int m = 0; m < 80; m++) {
            assertEquals(Math.log(mel[m] + 1.1920929e-07), first[m], 1e-4, "mel bin " + m);
        }
    }

    @ParameterizedTest(name = "{0} samples")
    @ValueSource(ints = {201, 319, 320, 16000, 16159, 16160, 160_000})
    void frameCountIsOnePlusSamplesOverHop(int n) {
        assertEquals(1 + n / 160, LogMel.frameCount(n));
        assertEquals(1 + n / 160, LogMel.logMel(manager, new float[n]).length);
    }

    @Test
    void batchesGiveTheSameResultAsSingleClips() {
        // 8606 frames in all: the engine is called in chunks of 8192, the boundary inside the fourth clip
        List<float[]> clips = List.of(noisyChirp(16000, 1), noisyChirp(3211, 2), noisyChirp(201, 3),
                noisyChirp(160 * 8180, 4), noisyChirp(48000, 5));

        List<float[][]> batch = LogMel.logMel(manager, clips);

        assertEquals(clips.size(), batch.size());
        for (int c = 0; c < clips.size(); c++) {
            float[][] single = LogMel.logMel(manager, clips.get(c));
            assertEquals(single.length, batch.get(c).length);
            for (int t = 0; t < single.length; t++) {
                assertArrayEquals(single[t], batch.get(c)[t], 1e-5f, "clip " + c + " frame " + t);
            }
        }
    }

    @Test
    void normalizedFeaturesHaveMeanZeroAndPopulationStdOne() {
        float[][] features = LogMel.features(manager, List.of(noisyChirp(16000, 5))).get(0);

        double sum = 0;
        double squares = 0;
        int count = 0;
        for (float[] row : features) {
            for (float v : row) {
                sum += v;
                squares += v * v;
                count++;
            }
        }
        double mean = sum / count;
        assertEquals(0, mean, 1e-6);
        assertEquals(1, Math.sqrt(squares / count - mean * mean), 1e-6);
    }

    @Test
    void normalizeUsesThePopulationStandardDeviation() {
        float[][] x = {{1, 2}, {3, 4}};
        // mean 2.5, population std sqrt(1.25)
        double s = Math.sqrt(1.25) + 1e-8;

        float[][] y = LogMel.normalize(x);

        assertArrayEquals(new float[] {(float) (-1.5 / s), (float) (-0.5 / s)}, y[0]);
        assertArrayEquals(new float[] {(float) (0.5 / s), (float) (1.5 / s)}, y[1]);
    }

    @Test
    void clipsShorterThanTheReflectPaddingAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogMel.logMel(manager, List.of(new float[400], new float[200])));

        assertTrue(e.getMessage().contains("clip 1 has 200 samples"), e.getMessage());
    }
}
