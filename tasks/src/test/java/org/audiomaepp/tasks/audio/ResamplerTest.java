package org.audiomaepp.tasks.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    private static float[] tone(double hz, double amplitude, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate + 0.3));
        }
        return x;
    }

    /** Least-squares fit of a*sin + b*cos at {@code hz} over [from, to): returns {amplitude, rms residual}. */
    private static double[] fit(float[] y, double hz, int rate, int from, int to) {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = from; i < to; i++) {
            double s = Math.sin(2 * Math.PI * hz * i / rate);
            double c = Math.cos(2 * Math.PI * hz * i / rate);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += y[i] * s;
            yc += y[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        double residual = 0;
        for (int i = from; i < to; i++) {
            double e = y[i] - a * Math.sin(2 * Math.PI * hz * i / rate) - b * Math.cos(2 * Math.PI * hz * i / rate);
            residual += e * e;
        }
        return new double[] {Math.hypot(a, b), Math.sqrt(residual / (to - from))};
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 16000", "8000, 16000", "48000, 16000", "22050, 16000", "16000, 44100", "44101, 16000"})
    void aOneKilohertzToneKeepsItsFrequencyAndAmplitude(int from, int to) {
        float[] x = tone(1000, 0.5, from, from / 4);

        float[] y = Resampler.resample(x, from, to);

        int margin = to / 40;
        double[] f = fit(y, 1000, to, margin, y.length - margin);
        assertEquals(0.5, f[0], 0.5e-3, "amplitude");
        assertTrue(f[1] < 1e-4, "residual after removing a 1 kHz sinusoid: " + f[1]);
    }

    @Test
    void aToneAboveTheTargetNyquistIsRemoved() {
        float[] x = tone(12000, 0.5, 48000, 12000);

        float[] y = Resampler.resample(x, 48000, 16000);

        double rms = 0;
        int margin = 400;
        for (int i = margin; i < y.length - margin; i++) {
            rms += y[i] * y[i];
        }
        rms = Math.sqrt(rms / (y.length - 2 * margin));
        double attenuationDb = 20 * Math.log10((0.5 / Math.sqrt(2)) / rms);
        assertTrue(attenuationDb > 70, "attenuation " + attenuationDb + " dB");
    }

    @Test
    void aConstantSignalStaysConstantAwayFromTheEdges() {
        float[] x = new float[4410];
        Arrays.fill(x, 0.25f);

        float[] y = Resampler.resample(x, 44100, 16000);

        for (int i = 100; i < y.length - 100; i++) {
            assertEquals(0.25, y[i], 1e-6, "sample " + i);
        }
    }

    @ParameterizedTest(name = "{0} samples {1} Hz -> {2} Hz")
    @CsvSource({
        "44100, 44100, 16000, 16000", "1, 44100, 16000, 0", "3, 44100, 16000, 1", "7, 48000, 16000, 2",
        "8, 48000, 16000, 3", "1, 8000, 16000, 2", "100, 22050, 16000, 73", "0, 8000, 16000, 0", "5, 32000, 16000, 3"})
    void outputLengthIsTheRoundedRatio(int n, int from, int to, int expected) {
        assertEquals(expected, Resampler.resample(new float[n], from, to).length);
    }

    @Test
    void equalRatesReturnACopy() {
        float[] x = {1, 2, 3};

        float[] y = Resampler.resample(x, 16000, 16000);

        assertArrayEquals(x, y);
        assertNotSame(x, y);
    }
}
