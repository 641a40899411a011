package org.audiomaepp.tasks.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion between any two integer rates: polyphase filtering with a
 * Kaiser-windowed sinc, exact rational timing ({@code from/to} reduced by their gcd), deterministic.
 *
 * <p>Output sample {@code k} sits at input time {@code k * from / to}; samples outside the input
 * count as zero. The low-pass cutoff is {@value #ROLLOFF} of the lower Nyquist frequency; with
 * {@value #ZERO_CROSSINGS} zero crossings on each side and Kaiser beta {@value #BETA} the stopband
 * (from about the lower Nyquist frequency up) is attenuated by roughly 85 dB and the passband ripple
 * is below 1e-4. Each polyphase row is normalised to unit sum, so constant signals pass unchanged.
 * The output has {@code round(n * to / from)} samples.
 */
public final class Resampler {

    /** Cutoff as a fraction of the lower of the two Nyquist frequencies. */
    static final double ROLLOFF = 0.95;
    /** Zero crossings of the sinc kept on each side of the centre. */
    static final int ZERO_CROSSINGS = 64;
    /** Kaiser window shape: about 85 dB of stopband attenuation. */
    static final double BETA = 8.6;
    /** Above this many coefficients (unusual coprime rates) rows are computed on demand instead of stored. */
    private static final long MAX_TABLE = 1L << 22;

    private static final Map<Long, Filter> FILTERS = new ConcurrentHashMap<>();

    private Resampler() {}

    /** Resamples {@code x} from {@code from} Hz to {@code to} Hz; returns a copy when the rates are equal. */
    public static float[] resample(float[] x, int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + from + " -> " + to);
        }
        if (from == to) {
            return x.clone();
        }
        long outLength = (2L * x.length * to + from) / (2L * from);
        if (outLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(x.length + " samples at " + from + " Hz become too many at " + to + " Hz");
        }
        Filter f = FILTERS.computeIfAbsent(((long) from << 32) | to, k -> new Filter(from, to));
        float[] y = new float[(int) outLength];
        int half = f.half;
        for (int k = 0; k < y.length; k++) {
            long t = (long) k * f.down;
            int n0 = (int) (t / f.up);
            float[] w = f.row((int) (t % f.up));
            // w[j + half] weighs input sample n0 - j
            int jLo = Math.max(-half, n0 - (x.length - 1));
            int jHi = Math.min(half, n0);
            double acc = 0;
            for (int j = jLo; j <= jHi; j++) {
                acc += w[j + half] * x[n0 - j];
            }
            y[k] = (float) acc;
        }
        return y;
    }

    /** Polyphase coefficients for one rate pair. */
    private static final class Filter {
        final int up;
        final int down;
        final int half;
        final double cutoff;
        final double halfWidth;
        final float[][] table;

        Filter(int from, int to) {
            int g = gcd(from, to);
            up = to / g;
            down = from / g;
            cutoff = 0.5 * ROLLOFF * Math.min(1.0, (double) to / from);
            halfWidth = ZERO_CROSSINGS / (2 * cutoff);
            half = (int) Math.ceil(halfWidth);
            if ((long) up * (2 * half + 1) <= MAX_TABLE) {
                table = new float[up][];
                for (int p = 0; p < up; p++) {
                    table[p] = compute(p);
                }
            } else {
                table = null;
            }
        }

        float[] row(int phase) {
            return table != null ? table[phase] : compute(phase);
        }

        /** Coefficients for output times {@code phase / up} past an input sample, normalised to sum 1. */
        private float[] compute(int phase) {
            double frac = (double) phase / up;
            double[] w = new double[2 * half + 1];
            double sum = 0;
            for (int j = -half; j <= half; j++) {
                double d = frac + j;
                double u = d / halfWidth;
                if (Math.abs(u) < 1) {
                    double arg = 2 * cutoff * d;
                    double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                    w[j + half] = 2 * cutoff * sinc * besselI0(BETA * Math.sqrt(1 - u * u));
                    sum += w[j + half];
                }
            }
            float[] row = new float[w.length];
            for (int i = 0; i < w.length; i++) {
                row[i] = (float) (w[i] / sum);
            }
            return row;
        }
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
