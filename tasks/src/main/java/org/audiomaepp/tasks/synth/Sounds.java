package org.audiomaepp.tasks.synth;

import static org.audiomaepp.tasks.synth.Dsp.RATE;
import static org.audiomaepp.tasks.synth.Dsp.samples;
import static org.audiomaepp.tasks.synth.Dsp.uniform;

import java.util.List;
import java.util.SplittableRandom;
import org.audiomaepp.tasks.synth.Dsp.Biquad;
import org.audiomaepp.tasks.synth.Dsp.NoiseColor;

/**
 * The sound families the synthetic tasks and the corpus are made of: speech-like voices (a
 * sawtooth source through vowel formants), struck percussion, pitched notes and a bank of ten
 * environmental sounds. Each takes its randomness from the generator it is given.
 */
final class Sounds {

    private Sounds() {}

    // ---- voices ----

    /** A speaker: base pitch and vocal-tract scale (formants move with it). */
    record Voice(double f0, double formantScale) {
        static Voice random(SplittableRandom r) {
            return new Voice(uniform(r, 95, 230), uniform(r, 0.9, 1.15));
        }
    }

    /** How the pitch of a syllable moves. */
    enum Contour {
        FLAT,
        RISE,
        FALL,
        VIBRATO,
        /** Low, irregular pitch periods: creaky voice. */
        CREAKY,
        /** Rise, fall or flat, drawn per syllable: a tone language. */
        TONAL
    }

    /**
     * How a stream of syllables is spoken.
     *
     * @param syllablesPerSecond mean rate (each clip varies it by ±15 %)
     * @param syllableSeconds    mean voiced length of a syllable
     * @param contour            pitch movement per syllable
     * @param fricativeRate      chance that a syllable starts with a hiss
     * @param vowels             vowel inventory, letters of {@code aeiou}
     * @param stress             alternate strong and weak syllables
     */
    record Prosody(double syllablesPerSecond, double syllableSeconds, Contour contour, double fricativeRate,
            String vowels, boolean stress) {}

    static final Prosody NEUTRAL = new Prosody(4, 0.18, Contour.FLAT, 0.2, "aeiou", false);

    private static final String VOWELS = "aeiou";
    /** F1, F2, F3 in Hz of an adult voice for a, e, i, o, u. */
    private static final double[][] FORMANTS = {
        {730, 1090, 2440}, {530, 1840, 2480}, {270, 2290, 3010}, {570, 840, 2410}, {300, 870, 2240},
    };

    /** Speaks syllables into {@code out[start, end)}. */
    static void speak(float[] out, int start, int end, Voice voice, Prosody p, SplittableRandom r) {
        double rate = p.syllablesPerSecond() * uniform(r, 0.85, 1.15);
        int t = start + samples(uniform(r, 0, 0.5 / rate));
        int n = 0;
        while (t < end - samples(0.05)) {
            double dur = p.syllableSeconds() * uniform(r, 0.7, 1.3);
            int len = Math.min(samples(dur), end - t);
            char vowel = p.vowels().charAt(r.nextInt(p.vowels().length()));
            boolean strong = !p.stress() || n % 2 == 0;
            double level = strong ? 1 : 0.45;
            double pitch = voice.f0() * (strong && p.stress() ? 1.15 : 1) * Dsp.detune(r, 40);
            int offset = 0;
            if (r.nextDouble() < p.fricativeRate()) {
                int hiss = Math.min(samples(uniform(r, 0.04, 0.08)), len / 2);
                float[] h = Biquad.highPass(uniform(r, 3500, 5000), 0.8).apply(Dsp.noise(hiss, NoiseColor.WHITE, r));
                Dsp.applyEnvelope(h, Dsp.hold(hiss, 0.01, 0.02));
                Dsp.mix(out, t, h, 0.25 * level);
                offset = hiss;
            }
            if (len - offset > samples(0.03)) {
                float[] s = syllable(voice, vowel, pitch, len - offset, p.contour(), r);
                Dsp.mix(out, t + offset, s, level);
            }
            n++;
            t += (int) (RATE / rate * uniform(r, 0.8, 1.2));
        }
    }

    /** One voiced vowel: sawtooth source, spectral tilt, three formant resonators. */
    static float[] syllable(Voice voice, char vowel, double f0, int len, Contour contour, SplittableRandom r) {
        Contour c = contour == Contour.TONAL
                ? List.of(Contour.RISE, Contour.FALL, Contour.FLAT).get(r.nextInt(3)) : contour;
        double[] f = switch (c) {
            case RISE -> Dsp.glide(len, f0 * 0.85, f0 * 1.35);
            case FALL -> Dsp.glide(len, f0 * 1.3, f0 * 0.8);
            case CREAKY -> creakyTrack(len, f0 * 0.55, r);
            default -> Dsp.constant(len, f0);
        };
        if (c == Contour.VIBRATO) {
            Dsp.vibrato(f, uniform(r, 5.5, 7), 0.06, r);
        }
        float[] src = new float[len];
        double phase = r.nextDouble();
        double lp = 0;
        for (int i = 0; i < len; i++) {
            phase += f[i] / RATE;
            phase -= StrictMath.floor(phase);
            lp = 0.6 * lp + 0.4 * (2 * phase - 1);
            src[i] = (float) lp;
        }
        double[] fm = FORMANTS[VOWELS.indexOf(vowel)];
        float[] out = new float[len];
        double[] gains = {1, 0.6, 0.3};
        double[] qs = {5, 8, 10};
        for (int k = 0; k < 3; k++) {
            float[] band = Biquad.bandPass(fm[k] * voice.formantScale(), qs[k]).apply(src);
            Dsp.mix(out, 0, band, gains[k]);
        }
        double[] env = Dsp.hold(len, 0.02, 0.04);
        if (c == Contour.CREAKY) {
            for (int i = 0; i < len; i++) {
                env[i] *= 0.6 + 0.4 * Dsp.sin(f[i] * i / RATE * 0.5);
            }
        }
        Dsp.applyEnvelope(out, env);
        return out;
    }

    private static double[] creakyTrack(int len, double f0, SplittableRandom r) {
        double[] f = new double[len];
        int seg = samples(0.012);
        double cur = f0;
        for (int i = 0; i < len; i++) {
            if (i % seg == 0) {
                cur = f0 * uniform(r, 0.8, 1.2);
            }
            f[i] = cur;
        }
        return f;
    }

    // ---- percussion ----

    /** A drum stroke: a pitch-dropping membrane tone and a short click. */
    static float[] drum(double hz, double tau, int len, SplittableRandom r) {
        float[] out = new float[len];
        double[] f = new double[len];
        double drop = 0.5;
        double k = StrictMath.exp(-1 / (0.02 * RATE));
        for (int i = 0; i < len; i++) {
            f[i] = hz * (1 + drop);
            drop *= k;
        }
        Dsp.addPartials(out, 0, f, new double[] {1, 1.6}, new double[] {1, 0.3}, Dsp.decay(len, 0.002, tau), r);
        int click = Math.min(len, samples(0.01));
        float[] c = Biquad.lowPass(2000, 0.7).apply(Dsp.noise(click, NoiseColor.WHITE, r));
        Dsp.applyEnvelope(c, Dsp.decay(click, 0.0005, 0.003));
        Dsp.mix(out, 0, c, 0.5);
        return out;
    }

    /** An inharmonic struck metal plate (gong, bell) gliding by {@code glide} over its length. */
    static float[] metal(double hz, double[] ratios, double tau, double glide, int len, SplittableRandom r) {
        float[] out = new float[len];
        double[] amps = new double[ratios.length];
        for (int k = 0; k < amps.length; k++) {
            amps[k] = uniform(r, 0.4, 1.0) / (1 + 0.5 * k);
        }
        Dsp.addPartials(out, 0, Dsp.glide(len, hz, hz * glide), ratios, amps, Dsp.decay(len, 0.003, tau), r);
        return out;
    }

    /** A cymbal crash: bright noise with a long decay. */
    static float[] cymbal(double tau, int len, SplittableRandom r) {
        float[] out = Biquad.highPass(uniform(r, 3500, 5000), 0.7).apply(Dsp.noise(len, NoiseColor.WHITE, r));
        Dsp.applyEnvelope(out, Dsp.decay(len, 0.002, tau));
        return out;
    }

    /** The five synthetic mridangam strokes, by label. */
    static final List<String> STROKES = List.of("bend", "bright", "damped", "double", "ringing");

    /** A mridangam-like stroke on a drum tuned to {@code tonic} Hz. */
    static float[] stroke(String type, double tonic, int len, SplittableRandom r) {
        float[] out = new float[len];
        switch (type) {
            case "ringing" -> Dsp.addPartials(out, 0, Dsp.constant(len, tonic), new double[] {1, 2, 3, 4},
                    new double[] {1, 0.5, 0.35, 0.2}, Dsp.decay(len, 0.002, 0.35), r);
            case "damped" -> {
                float[] d = drum(tonic * 0.5, 0.045, len, r);
                Dsp.mix(out, 0, d, 1);
                Dsp.addPartials(out, 0, Dsp.constant(len, tonic), new double[] {1, 2}, new double[] {0.3, 0.1},
                        Dsp.decay(len, 0.001, 0.03), r);
            }
            case "bright" -> {
                Dsp.addPartials(out, 0, Dsp.constant(len, tonic), new double[] {1, 3, 4, 5, 6, 7, 8},
                        new double[] {0.3, 0.7, 0.8, 0.7, 0.6, 0.5, 0.4}, Dsp.decay(len, 0.001, 0.12), r);
                int n = Math.min(len, samples(0.03));
                float[] hiss = Biquad.highPass(3000, 0.7).apply(Dsp.noise(n, NoiseColor.WHITE, r));
                Dsp.applyEnvelope(hiss, Dsp.decay(n, 0.0005, 0.008));
                Dsp.mix(out, 0, hiss, 0.4);
            }
            case "bend" -> Dsp.addPartials(out, 0, Dsp.glide(len, tonic * 0.5, tonic * 0.5 * 1.25),
                    new double[] {1, 2, 3}, new double[] {1, 0.4, 0.15}, Dsp.decay(len, 0.003, 0.3), r);
            case "double" -> {
                int gap = samples(uniform(r, 0.08, 0.14));
                for (int s = 0; s < 2; s++) {
                    float[] one = new float[len];
                    Dsp.addPartials(one, 0, Dsp.constant(len, tonic), new double[] {1, 2, 3},
                            new double[] {1, 0.4, 0.2}, Dsp.decay(len, 0.001, 0.06), r);
                    Dsp.mix(out, s * gap, one, s == 0 ? 1 : 0.8);
                }
            }
            default -> throw new IllegalArgumentException("unknown stroke " + type);
        }
        return out;
    }

    // ---- notes ----

    /**
     * A held instrument note at {@code hz}: random timbre (harmonic weights with a random tilt), random
     * attack, light inharmonicity and vibrato, released after 75 % of its length as NSynth notes are.
     */
    static float[] note(double hz, int len, SplittableRandom r) {
        int n = 16;
        double[] ratios = new double[n];
        double[] amps = new double[n];
        double tilt = uniform(r, 0.5, 2.0);
        double inharm = uniform(r, 0, 0.0008);
        boolean oddOnly = r.nextDouble() < 0.25;
        for (int k = 0; k < n; k++) {
            int h = k + 1;
            ratios[k] = h * StrictMath.sqrt(1 + inharm * h * h);
            amps[k] = (oddOnly && h % 2 == 0) ? 0 : uniform(r, 0.2, 1) / StrictMath.pow(h, tilt);
        }
        double[] f = Dsp.constant(len, hz);
        if (r.nextDouble() < 0.3) {
            Dsp.vibrato(f, uniform(r, 4, 6), uniform(r, 0.003, 0.01), r);
        }
        double[] env = Dsp.hold(len, uniform(r, 0.005, 0.08), 0.25 * len / (double) RATE);
        double[] d = Dsp.decay(len, 0, uniform(r, 0.6, 4));
        for (int i = 0; i < len; i++) {
            env[i] *= 0.3 + 0.7 * d[i];
        }
        float[] out = new float[len];
        Dsp.addPartials(out, 0, f, ratios, amps, env, r);
        return out;
    }

    // ---- environmental sounds ----

    /** The ten environmental sounds, sorted as a label vocabulary. */
    static final List<String> ENVIRONMENT = List.of(
            "bell", "bird", "clock", "dog", "engine", "hum", "rain", "siren", "water", "wind");

    /** {@code len} samples of one environmental sound. */
    static float[] environment(String kind, int len, SplittableRandom r) {
        float[] out = new float[len];
        switch (kind) {
            case "bell" -> {
                int strikes = 1 + r.nextInt(2);
                double hz = uniform(r, 400, 900);
                for (int s = 0; s < strikes; s++) {
                    int at = s == 0 ? 0 : samples(uniform(r, 0.3, 1.0)) * s;
                    if (at < len) {
                        Dsp.mix(out, at, metal(hz, new double[] {1, 2.0, 2.76, 5.4, 8.93}, uniform(r, 0.6, 1.2), 1,
                                len - at, r), 1);
                    }
                }
            }
            case "bird" -> {
                int t = samples(uniform(r, 0, 0.2));
                while (t < len) {
                    int n = Math.min(samples(uniform(r, 0.05, 0.14)), len - t);
                    double from = uniform(r, 2200, 3200);
                    double to = from * (r.nextBoolean() ? uniform(r, 1.3, 1.7) : uniform(r, 0.6, 0.8));
                    float[] c = new float[n];
                    double[] f = Dsp.glide(n, from, to);
                    Dsp.vibrato(f, uniform(r, 30, 60), 0.03, r);
                    Dsp.addPartials(c, 0, f, new double[] {1, 2}, new double[] {1, 0.15}, Dsp.hold(n, 0.01, 0.02), r);
                    Dsp.mix(out, t, c, 1);
                    t += n + samples(uniform(r, 0.05, 0.35));
                }
            }
            case "clock" -> {
                double period = uniform(r, 0.45, 0.55);
                int t = samples(uniform(r, 0, period));
                int k = 0;
                while (t < len) {
                    int n = Math.min(samples(0.015), len - t);
                    float[] tick = Biquad.bandPass(k % 2 == 0 ? 3000 : 1800, 6).apply(Dsp.noise(n, NoiseColor.WHITE, r));
                    Dsp.applyEnvelope(tick, Dsp.decay(n, 0.0005, 0.003));
                    Dsp.mix(out, t, tick, 1);
                    t += samples(period);
                    k++;
                }
            }
            case "dog" -> {
                int barks = 1 + r.nextInt(4);
                int t = samples(uniform(r, 0, 0.3));
                for (int b = 0; b < barks && t < len; b++) {
                    int n = Math.min(samples(uniform(r, 0.15, 0.25)), len - t);
                    double hz = uniform(r, 350, 550);
                    float[] bark = new float[n];
                    Dsp.addPartials(bark, 0, Dsp.glide(n, hz * 1.2, hz * 0.8), Dsp.harmonicRatios(12),
                            new double[] {0.6, 1, 0.9, 0.7, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1, 0.08, 0.05},
                            Dsp.decay(n, 0.01, 0.08), r);
                    float[] shaped = Biquad.bandPass(uniform(r, 900, 1300), 1.5).apply(bark);
                    Dsp.mix(out, t, shaped, 1);
                    t += n + samples(uniform(r, 0.1, 0.5));
                }
            }
            case "engine" -> {
                double hz = uniform(r, 25, 45);
                double[] f = Dsp.constant(len, hz);
                Dsp.vibrato(f, uniform(r, 0.3, 1), 0.05, r);
                double[] amps = new double[40];
                for (int k = 0; k < amps.length; k++) {
                    amps[k] = 1.0 / (1 + 0.15 * k);
                }
                Dsp.addPartials(out, 0, f, Dsp.harmonicRatios(40), amps, Dsp.constant(len, 1), r);
                float[] low = Biquad.lowPass(uniform(r, 700, 1200), 0.7).apply(out);
                System.arraycopy(low, 0, out, 0, len);
            }
            case "hum" -> {
                double hz = (r.nextBoolean() ? 50 : 60) * Dsp.detune(r, 10);
                Dsp.addPartials(out, 0, Dsp.constant(len, hz), new double[] {1, 2, 3, 5, 7, 9},
                        new double[] {1, 0.3, 0.6, 0.4, 0.25, 0.15}, Dsp.constant(len, 1), r);
            }
            case "rain" -> {
                float[] bed = Biquad.highPass(800, 0.7).apply(Dsp.noise(len, NoiseColor.PINK, r));
                Dsp.mix(out, 0, bed, 0.3);
                double perSample = uniform(r, 100, 300) / RATE;
                int n = samples(0.003);
                for (int t = 0; t < len; t++) {
                    if (r.nextDouble() < perSample) {
                        float[] drop = Biquad.bandPass(uniform(r, 2000, 6000), 2).apply(Dsp.noise(n, NoiseColor.WHITE, r));
                        Dsp.applyEnvelope(drop, Dsp.decay(n, 0.0002, 0.001));
                        Dsp.mix(out, t, drop, uniform(r, 0.5, 1.5));
                    }
                }
            }
            case "siren" -> {
                double lo = uniform(r, 550, 700);
                double rate = uniform(r, 0.4, 1.0);
                double phase = r.nextDouble();
                double[] f = new double[len];
                for (int i = 0; i < len; i++) {
                    f[i] = lo * (1.5 + 0.5 * Dsp.sin(phase + rate * i / RATE));
                }
                Dsp.addPartials(out, 0, f, new double[] {1, 2, 3}, new double[] {1, 0.3, 0.1}, Dsp.constant(len, 1), r);
            }
            case "water" -> {
                double perSample = uniform(r, 10, 30) / RATE;
                for (int t = 0; t < len; t++) {
                    if (r.nextDouble() < perSample) {
                        int n = samples(uniform(r, 0.01, 0.03));
                        double hz = uniform(r, 400, 1200);
                        float[] bubble = new float[n];
                        Dsp.addPartials(bubble, 0, Dsp.glide(n, hz, hz * uniform(r, 1.5, 2.5)), new double[] {1},
                                new double[] {1}, Dsp.decay(n, 0.001, 0.008), r);
                        Dsp.mix(out, t, bubble, uniform(r, 0.4, 1));
                    }
                }
            }
            case "wind" -> {
                // White noise through two one-pole low-passes whose cutoff sweeps slowly: gusts.
                float[] n = Dsp.noise(len, NoiseColor.WHITE, r);
                double phase = r.nextDouble();
                double rate = uniform(r, 0.2, 0.6);
                double y1 = 0;
                double y2 = 0;
                for (int i = 0; i < len; i++) {
                    double gust = 0.5 + 0.5 * Dsp.sin(phase + rate * i / RATE);
                    double a = 2 * StrictMath.PI * (150 + 650 * gust) / RATE;
                    y1 += a * (n[i] - y1);
                    y2 += a * (y1 - y2);
                    out[i] = (float) (y2 * (0.3 + 0.7 * gust));
                }
            }
            default -> throw new IllegalArgumentException("unknown environmental sound " + kind);
        }
        return out;
    }
}
