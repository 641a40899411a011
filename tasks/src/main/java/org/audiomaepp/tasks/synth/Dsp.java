package org.audiomaepp.tasks.synth;

import java.util.SplittableRandom;

/**
 * The few signal-processing pieces the synthetic sounds are built from: table oscillators, noise of
 * three colours, RBJ biquad filters and envelopes. Everything uses {@link StrictMath} and a fixed
 * evaluation order, so the same random draws give the same samples on every JVM.
 */
final class Dsp {

    static final int RATE = 16_000;
    /** Partials above this are dropped (below Nyquist with room for detune and vibrato). */
    static final double MAX_FREQ = 7_600;

    private static final int TABLE = 4096;
    private static final double[] SINE = new double[TABLE + 1];

    static {
        for (int i = 0; i <= TABLE; i++) {
            SINE[i] = StrictMath.sin(2 * StrictMath.PI * i / TABLE);
        }
    }

    private Dsp() {}

    /** sin(2π·phase) for a phase in cycles, by table lookup with linear interpolation. */
    static double sin(double phase) {
        double p = phase - StrictMath.floor(phase);
        double x = p * TABLE;
        int i = (int) x;
        double frac = x - i;
        return SINE[i] + (SINE[i + 1] - SINE[i]) * frac;
    }

    static int samples(double seconds) {
        return (int) StrictMath.round(seconds * RATE);
    }

    /** A uniform draw in [lo, hi). */
    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** A frequency factor for a random detune of at most ±cents. */
    static double detune(SplittableRandom r, double cents) {
        return StrictMath.pow(2, uniform(r, -cents, cents) / 1200);
    }

    /** Frequency of a MIDI note number. */
    static double midiHz(double note) {
        return 440 * StrictMath.pow(2, (note - 69) / 12);
    }

    /**
     * Adds a sum of partials to {@code out[start, start+len)}: partial k has frequency
     * {@code f0[i] * ratios[k]} and amplitude {@code amps[k] * env[i]}; phases start at random.
     * Partials that would pass {@link #MAX_FREQ} are skipped.
     */
    static void addPartials(float[] out, int start, double[] f0, double[] ratios, double[] amps, double[] env,
            SplittableRandom r) {
        int len = Math.min(f0.length, out.length - start);
        double peakF0 = 0;
        for (int i = 0; i < len; i++) {
            peakF0 = Math.max(peakF0, f0[i]);
        }
        for (int k = 0; k < ratios.length; k++) {
            if (peakF0 * ratios[k] >= MAX_FREQ || amps[k] == 0) {
                continue;
            }
            double phase = r.nextDouble();
            double step = ratios[k] / RATE;
            for (int i = 0; i < len; i++) {
                out[start + i] += (float) (amps[k] * env[i] * sin(phase));
                phase += f0[i] * step;
            }
        }
    }

    /** Ratios 1, 2, ..., n of a harmonic series. */
    static double[] harmonicRatios(int n) {
        double[] r = new double[n];
        for (int k = 0; k < n; k++) {
            r[k] = k + 1;
        }
        return r;
    }

    /** A constant frequency track. */
    static double[] constant(int len, double value) {
        double[] a = new double[len];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** A frequency track gliding exponentially from {@code from} to {@code to} over the whole length. */
    static double[] glide(int len, double from, double to) {
        double[] a = new double[len];
        double step = StrictMath.pow(to / from, 1.0 / Math.max(1, len - 1));
        double f = from;
        for (int i = 0; i < len; i++) {
            a[i] = f;
            f *= step;
        }
        return a;
    }

    /** Multiplies a frequency track by a sinusoidal vibrato of {@code depth} (relative) at {@code rateHz}. */
    static void vibrato(double[] f, double rateHz, double depth, SplittableRandom r) {
        double phase = r.nextDouble();
        for (int i = 0; i < f.length; i++) {
            f[i] *= 1 + depth * sin(phase + rateHz * i / RATE);
        }
    }

    /** An exponential decay with time constant {@code tau} seconds after a linear attack. */
    static double[] decay(int len, double attackSeconds, double tau) {
        double[] e = new double[len];
        int attack = Math.max(1, samples(attackSeconds));
        double k = StrictMath.exp(-1.0 / (tau * RATE));
        double v = 1;
        for (int i = 0; i < len; i++) {
            double a = i < attack ? (double) i / attack : 1;
            e[i] = a * v;
            v *= k;
        }
        return e;
    }

    /** Attack, hold, linear release to zero at the end: a held note or a syllable. */
    static double[] hold(int len, double attackSeconds, double releaseSeconds) {
        double[] e = new double[len];
        int attack = Math.max(1, Math.min(len / 2, samples(attackSeconds)));
        int release = Math.max(1, Math.min(len / 2, samples(releaseSeconds)));
        for (int i = 0; i < len; i++) {
            double a = Math.min(1, (double) i / attack);
            double b = Math.min(1, (double) (len - 1 - i) / release);
            e[i] = Math.min(a, b);
        }
        return e;
    }

    /** The colour of a noise: white (flat), pink (−3 dB/octave) or brown (−6 dB/octave). */
    enum NoiseColor {
        WHITE,
        PINK,
        BROWN
    }

    /** Noise of a colour, scaled to unit RMS. */
    static float[] noise(int len, NoiseColor color, SplittableRandom r) {
        float[] out = new float[len];
        double b0 = 0, b1 = 0, b2 = 0, brown = 0;
        for (int i = 0; i < len; i++) {
            double w = r.nextDouble() * 2 - 1;
            double v;
            switch (color) {
                case WHITE -> v = w;
                case PINK -> {
                    // Paul Kellet's economy pink filter.
                    b0 = 0.99765 * b0 + w * 0.0990460;
                    b1 = 0.96300 * b1 + w * 0.2965164;
                    b2 = 0.57000 * b2 + w * 1.0526913;
                    v = b0 + b1 + b2 + w * 0.1848;
                }
                default -> {
                    // Leaky integration keeps brown noise from drifting.
                    brown = 0.995 * brown + w * 0.1;
                    v = brown;
                }
            }
            out[i] = (float) v;
        }
        scaleToRms(out, 1);
        return out;
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return x.length == 0 ? 0 : StrictMath.sqrt(s / x.length);
    }

    static void scaleToRms(float[] x, double target) {
        double r = rms(x);
        if (r > 0) {
            scale(x, target / r);
        }
    }

    static void scale(float[] x, double g) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * g);
        }
    }

    /** Adds {@code src * gain} into {@code out} starting at {@code start}, clipped to out's length. */
    static void mix(float[] out, int start, float[] src, double gain) {
        int n = Math.min(src.length, out.length - start);
        for (int i = Math.max(0, -start); i < n; i++) {
            out[start + i] += (float) (src[i] * gain);
        }
    }

    /** Multiplies a segment by an envelope, in place. */
    static void applyEnvelope(float[] x, double[] env) {
        int n = Math.min(x.length, env.length);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (x[i] * env[i]);
        }
        for (int i = n; i < x.length; i++) {
            x[i] = 0;
        }
    }

    /** An RBJ-cookbook biquad, run in place over a buffer. */
    static final class Biquad {
        private final double b0, b1, b2, a1, a2;
        private double x1, x2, y1, y2;

        private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
            this.b0 = b0 / a0;
            this.b1 = b1 / a0;
            this.b2 = b2 / a0;
            this.a1 = a1 / a0;
            this.a2 = a2 / a0;
        }

        /** Band-pass with 0 dB peak gain at {@code hz}. */
        static Biquad bandPass(double hz, double q) {
            double w = 2 * StrictMath.PI * clampHz(hz) / RATE;
            double alpha = StrictMath.sin(w) / (2 * q);
            double c = StrictMath.cos(w);
            return new Biquad(alpha, 0, -alpha, 1 + alpha, -2 * c, 1 - alpha);
        }

        static Biquad lowPass(double hz, double q) {
            double w = 2 * StrictMath.PI * clampHz(hz) / RATE;
            double alpha = StrictMath.sin(w) / (2 * q);
            double c = StrictMath.cos(w);
            return new Biquad((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
        }

        static Biquad highPass(double hz, double q) {
            double w = 2 * StrictMath.PI * clampHz(hz) / RATE;
            double alpha = StrictMath.sin(w) / (2 * q);
            double c = StrictMath.cos(w);
            return new Biquad((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
        }

        private static double clampHz(double hz) {
            return Math.max(20, Math.min(RATE * 0.45, hz));
        }

        double step(double x) {
            double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            return y;
        }

        /** Filters {@code in} into a new buffer. */
        float[] apply(float[] in) {
            float[] out = new float[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = (float) step(in[i]);
            }
            return out;
        }
    }
}
