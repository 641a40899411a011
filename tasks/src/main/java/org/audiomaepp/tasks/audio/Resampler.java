package org.audiomaepp.tasks.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion between any two integer rates: polyphase filtering with a
 * Kaiser-windowed sinc, exact rational timing ({@code from/to} reduced by their gcd), deterministic.
 *
 * <p>Output sample {@code k} sits at input time {@code k * from / to}; samples outside the input
 * count as zero. The low-pass cutoff (-6 dB point) is {@value #ROLLOFF} of the lower Nyquist
 * frequency; with {@value #ZERO_CROSSINGS} zero crossings on each side and Kaiser beta {@value #BETA}
 * the transition band is narrow enough that everything from the lower Nyquist frequency up is
 * attenuated by more than 90 dB (48 kHz to 16 kHz: 94 dB at 8.2 kHz, 110 dB at 12 kHz), and the
 * passband is flat to 1e-4. Each polyphase row is normalised to unit sum, so a constant passes
 * unchanged. The output has {@code round(n * to / from)} samples (halves rounded up).
 */
public final class Resampler {

    /** Cutoff as a fraction of the lower of the two Nyquist frequencies. */
    static final double ROLLOFF = 0.95;
    /** Zero crossings of the sinc kept on each side of the centre. */
    static final int ZERO_CROSSINGS = 64;
    /** Kaiser window shape: side lobes near -90 dB. */
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
        for (int k = 0; k < y.length; k++) {
            long t = (long) k * f.down;
            float[] w = f.row((int) (t % f.up));
            // w[i] weighs input sample base + i; samples outside the input are zero
            int base = (int) (t / f.up) - f.half;
            int lo = Math.max(0, -base);
            int hi = Math.min(w.length, x.length - base);
            // four partial sums in a fixed order: faster, and still the same bytes on every run
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            int i = lo;
            for (; i + 3 < hi; i += 4) {
                a0 += w[i] * x[base + i];
                a1 += w[i + 1] * x[base + i + 1];
                a2 += w[i + 2] * x[base + i + 2];
                a3 += w[i + 3] * x[base + i + 3];
            }
            for (; i < hi; i++) {
                a0 += w[i] * x[base + i];
            }
            y[k] = (float) ((a0 + a1) + (a2 + a3));
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

        /**
         * Coefficients for an output time {@code phase / up} past input sample {@code n0}: entry
         * {@code i} weighs input sample {@code n0 - half + i}. Normalised to sum 1.
         */
        private float[] compute(int phase) {
            double frac = (double) phase / up;
            double[] w = new double[2 * half + 1];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                double d = frac + half - i;
                double u = d / halfWidth;
                if (Math.abs(u) < 1) {
                    double arg = 2 * cutoff * d;
                    double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                    w[i] = 2 * cutoff * sinc * besselI0(BETA * Math.sqrt(1 - u * u));
                    sum += w[i];
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
