package org.audiomaepp.tasks.synth;

import static org.audiomaepp.tasks.synth.Dsp.samples;
import static org.audiomaepp.tasks.synth.Dsp.uniform;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.audiomaepp.tasks.hear.KnownTask;
import org.audiomaepp.tasks.hear.KnownTasks;
import org.audiomaepp.tasks.synth.Sounds.Contour;
import org.audiomaepp.tasks.synth.Sounds.Prosody;
import org.audiomaepp.tasks.synth.Sounds.Voice;

/**
 * The ten synthetic tasks: for each HEAR task of the paper, labels made of a real signal difference
 * of the same kind (instrument timbre, prosody, sound source, number of talkers, stroke type, tonic,
 * pitch, word, sound mixture, speaking style), with everything else random per clip.
 */
final class SynthDesigns {

    /** Renders the foreground of one clip: {@code n} samples for the given label indices. */
    interface Renderer {
        float[] render(List<String> labels, int n, SplittableRandom r);
    }

    /**
     * One synthetic task.
     *
     * @param counterpart   the paper task it stands in for (split mode, folds, metrics, prediction type)
     * @param labels        the vocabulary, sorted
     * @param clipsPerClass clips per label at the tiny scale (multilabel: clips per label as primary label)
     * @param minSeconds    shortest clip
     * @param maxSeconds    longest clip (equal to minSeconds for fixed-length tasks)
     * @param renderer      how a clip sounds
     * @param what          one line for the README: what the labels are
     */
    record Design(KnownTask counterpart, List<String> labels, int clipsPerClass, double minSeconds,
            double maxSeconds, Renderer renderer, String what) {

        Design {
            labels = List.copyOf(labels);
            List<String> sorted = new ArrayList<>(labels);
            sorted.sort(null);
            if (!sorted.equals(labels)) {
                throw new IllegalArgumentException("labels must be sorted: " + labels);
            }
        }

        boolean fixedLength() {
            return minSeconds == maxSeconds;
        }
    }

    /** Lowest pitch of the pitch task: MIDI 48 is a C, so label index mod 12 is the chroma. */
    static final int LOWEST_NOTE = 48;
    static final int NOTES = 24;
    /** The tonic of the lowest Mridangam tuning (B3); the others are 1..5 semitones above. */
    private static final double TONIC_B = 246.94;
    private static final List<String> TONICS = List.of("b", "c", "c#", "d", "d#", "e");

    private SynthDesigns() {}

    /** The ten designs in the paper's table order. */
    static List<Design> all() {
        List<Design> out = new ArrayList<>();
        out.add(new Design(task("BO"), List.of("cymbal", "drum", "gong_high", "gong_low"), 20, 4, 4,
                SynthDesigns::opera, "percussion instrument (timbre: partial ratios, decay, glide) playing a "
                        + "random rhythm"));
        out.add(new Design(task("CD"), List.of("creaky", "falling", "flat", "rising", "staccato", "vibrato"), 15,
                4, 4, SynthDesigns::prosody, "prosody of a random speaker (pitch contour, syllable rate, voice quality)"));
        out.add(new Design(task("E50"), Sounds.ENVIRONMENT, 10, 4, 4,
                (labels, n, r) -> Sounds.environment(labels.get(0), n, r),
                "environmental sound source (spectral shape, noise colour, event pattern)"));
        out.add(new Design(task("LC"), List.of("0", "1", "2", "3", "4", "5"), 15, 4, 4, SynthDesigns::talkers,
                "number of simultaneous random speakers"));
        out.add(new Design(task("Mri-S"), Sounds.STROKES, 15, 0.81, 0.81, SynthDesigns::stroke,
                "stroke type (envelope, partials, pitch bend) on a drum at a random tonic"));
        out.add(new Design(task("Mri-T"), TONICS, 15, 0.81, 0.81, SynthDesigns::tonic,
                "tonic of the drum (B3 to E4), random stroke type"));
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < NOTES; i++) {
            notes.add(String.format("%03d", LOWEST_NOTE + i));
        }
        out.add(new Design(task("NS-5h"), notes, 6, 4, 4, SynthDesigns::pitch,
                "MIDI pitch " + LOWEST_NOTE + "-" + (LOWEST_NOTE + NOTES - 1) + " (zero-padded, so sorted labels are "
                        + "in pitch order and index mod 12 is the chroma), random timbre and envelope"));
        out.add(new Design(task("SC-5h"), List.of("_silence_", "_unknown_", "ai", "ao", "ea", "iu", "oe", "ua"), 15,
                1, 1, SynthDesigns::word, "two-vowel word of a random speaker, background only, or another word"));
        out.add(new Design(task("F50K"), Sounds.ENVIRONMENT, 12, 1, 4, SynthDesigns::mixture,
                "which environmental sources (one to three) are mixed in a clip of 1 to 4 s"));
        out.add(new Design(task("VL"), List.of("lang_a", "lang_b", "lang_c", "lang_d", "lang_e", "lang_f"), 15, 4, 4,
                SynthDesigns::language, "speaking style: vowel inventory, syllable rate, tone or stress, hiss rate"));
        return out;
    }

    private static KnownTask task(String id) {
        return KnownTasks.byId(id).orElseThrow();
    }

    private static float[] opera(List<String> labels, int n, SplittableRandom r) {
        String instrument = labels.get(0);
        float[] out = new float[n];
        double v = uniform(r, 0.85, 1.15);
        double period = 1 / uniform(r, 1.5, 4);
        int t = samples(uniform(r, 0, 0.3));
        double[] gong = {1, 1.52, 2.31, 2.9, 3.7};
        while (t < n) {
            double tau = switch (instrument) {
                case "drum" -> 0.12;
                case "cymbal" -> 0.5;
                case "gong_low" -> 1.0;
                default -> 0.45;
            };
            int len = Math.min(n - t, samples(5 * tau));
            float[] s = switch (instrument) {
                case "drum" -> Sounds.drum(140 * v, tau, len, r);
                case "cymbal" -> Sounds.cymbal(tau, len, r);
                case "gong_low" -> Sounds.metal(180 * v, gong, tau, 0.97, len, r);
                case "gong_high" -> Sounds.metal(520 * v, gong, tau, 1.08, len, r);
                default -> throw new IllegalArgumentException(instrument);
            };
            Dsp.mix(out, t, s, uniform(r, 0.6, 1));
            t += samples(period * uniform(r, 0.8, 1.2));
        }
        return out;
    }

    private static float[] prosody(List<String> labels, int n, SplittableRandom r) {
        Prosody p = switch (labels.get(0)) {
            case "flat" -> new Prosody(4, 0.2, Contour.FLAT, 0.2, "aeiou", false);
            case "rising" -> new Prosody(4, 0.2, Contour.RISE, 0.2, "aeiou", false);
            case "falling" -> new Prosody(4, 0.2, Contour.FALL, 0.2, "aeiou", false);
            case "vibrato" -> new Prosody(3, 0.3, Contour.VIBRATO, 0.2, "aeiou", false);
            case "staccato" -> new Prosody(7, 0.07, Contour.FLAT, 0.2, "aeiou", false);
            case "creaky" -> new Prosody(3.5, 0.22, Contour.CREAKY, 0.2, "aeiou", false);
            default -> throw new IllegalArgumentException(labels.get(0));
        };
        float[] out = new float[n];
        Sounds.speak(out, samples(uniform(r, 0, 0.3)), n - samples(uniform(r, 0, 0.3)), Voice.random(r), p, r);
        return out;
    }

    private static float[] talkers(List<String> labels, int n, SplittableRandom r) {
        int count = Integer.parseInt(labels.get(0));
        float[] out = new float[n];
        for (int k = 0; k < count; k++) {
            float[] one = new float[n];
            Sounds.speak(one, 0, n, Voice.random(r), Sounds.NEUTRAL, r);
            Dsp.scaleToRms(one, 1);
            Dsp.mix(out, 0, one, uniform(r, 0.6, 1));
        }
        return out;
    }

    private static float[] stroke(List<String> labels, int n, SplittableRandom r) {
        double tonic = TONIC_B * StrictMath.pow(2, r.nextInt(TONICS.size()) / 12.0) * Dsp.detune(r, 15);
        return shifted(Sounds.stroke(labels.get(0), tonic, n, r), n, r);
    }

    private static float[] tonic(List<String> labels, int n, SplittableRandom r) {
        double tonic = TONIC_B * StrictMath.pow(2, TONICS.indexOf(labels.get(0)) / 12.0) * Dsp.detune(r, 15);
        String type = Sounds.STROKES.get(r.nextInt(Sounds.STROKES.size()));
        return shifted(Sounds.stroke(type, tonic, n, r), n, r);
    }

    /** Delays a short sound by up to 40 ms: onset jitter for the sub-second tasks. */
    private static float[] shifted(float[] x, int n, SplittableRandom r) {
        float[] out = new float[n];
        Dsp.mix(out, samples(uniform(r, 0, 0.04)), x, 1);
        return out;
    }

    private static float[] pitch(List<String> labels, int n, SplittableRandom r) {
        double hz = Dsp.midiHz(Integer.parseInt(labels.get(0))) * Dsp.detune(r, 20);
        return Sounds.note(hz, n, r);
    }

    private static final List<String> WORDS = List.of("ai", "ao", "ea", "iu", "oe", "ua");
    private static final List<String> OTHER_WORDS = List.of("aa", "ae", "ei", "eu", "ia", "io", "ou", "uo", "oi");

    private static float[] word(List<String> labels, int n, SplittableRandom r) {
        String label = labels.get(0);
        float[] out = new float[n];
        if (label.equals("_silence_")) {
            return out;
        }
        String w = label.equals("_unknown_") ? OTHER_WORDS.get(r.nextInt(OTHER_WORDS.size())) : label;
        Voice voice = Voice.random(r);
        int first = samples(uniform(r, 0.15, 0.25));
        int second = samples(uniform(r, 0.15, 0.25));
        int gap = samples(uniform(r, 0.01, 0.04));
        int total = first + gap + second;
        int start = samples(0.05) + r.nextInt(Math.max(1, n - total - samples(0.1)));
        Contour contour = r.nextBoolean() ? Contour.FLAT : Contour.FALL;
        double f0 = voice.f0() * Dsp.detune(r, 50);
        Dsp.mix(out, start, Sounds.syllable(voice, w.charAt(0), f0, first, contour, r), 1);
        Dsp.mix(out, start + first + gap, Sounds.syllable(voice, w.charAt(1), f0 * 0.95, second, contour, r), 1);
        return out;
    }

    private static float[] mixture(List<String> labels, int n, SplittableRandom r) {
        float[] out = new float[n];
        for (String kind : labels) {
            int len = samples(uniform(r, 0.5, 1.0) * n / Dsp.RATE);
            int at = r.nextInt(Math.max(1, n - len + 1));
            float[] s = Sounds.environment(kind, len, r);
            Dsp.scaleToRms(s, 1);
            Dsp.mix(out, at, s, uniform(r, 0.5, 1));
        }
        return out;
    }

    private static float[] language(List<String> labels, int n, SplittableRandom r) {
        Prosody p = switch (labels.get(0)) {
            case "lang_a" -> new Prosody(3.5, 0.2, Contour.FLAT, 0.1, "ao", false);
            case "lang_b" -> new Prosody(5.5, 0.12, Contour.FLAT, 0.5, "ie", false);
            case "lang_c" -> new Prosody(4.5, 0.16, Contour.TONAL, 0.2, "aeiou", false);
            case "lang_d" -> new Prosody(6.5, 0.1, Contour.FLAT, 0.3, "uo", true);
            case "lang_e" -> new Prosody(4, 0.18, Contour.FLAT, 0.7, "aiu", true);
            case "lang_f" -> new Prosody(3, 0.25, Contour.TONAL, 0.0, "eou", false);
            default -> throw new IllegalArgumentException(labels.get(0));
        };
        float[] out = new float[n];
        Sounds.speak(out, samples(uniform(r, 0, 0.2)), n, Voice.random(r), p, r);
        return out;
    }
}
