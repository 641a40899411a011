package org.audiomaepp.models.nn;

import static org.audiomaepp.core.SplitMix64.GAMMA;
import static org.audiomaepp.core.SplitMix64.mix;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Counter-based randomness: every random draw of a run is a pure function of the run seed, a
 * purpose (a parameter name, a sample index, or a {@link Purpose} with counters such as epoch,
 * clip, step and micro-batch), all mixed with {@link org.audiomaepp.core.SplitMix64}. The engine's
 * process-wide generator is not used, nothing carries generator state from step to step (a resumed
 * run needs only the step counter), and draws do not depend on the order they are made in.
 */
public final class Seeds {

    /** What a derived training seed is for; each purpose gets an independent stream. */
    public enum Purpose {
        /** The order of clips in an epoch. */
        EPOCH_ORDER(0x6f72646572L),
        /** The start frame of a clip's crop in an epoch. */
        CROP(0x63726f70L),
        /** The masks of one micro-batch. */
        MASK(0x6d61736bL);

        private final long tag;

        Purpose(long tag) {
            this.tag = tag;
        }
    }

    private Seeds() {}

    /** A seed for {@code (seed, a)}, e.g. (mask seed, sample index). */
    public static long derive(long seed, long a) {
        return mix(mix(seed) + GAMMA * (a + 1));
    }

    /** A seed for {@code (seed, name)}, e.g. (init seed, parameter name). */
    public static long derive(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return derive(seed, h);
    }

    /** A 64-bit seed derived from the run seed, the purpose and the counters, in that order. */
    public static long derive(long seed, Purpose purpose, long... counters) {
        long h = mix(seed ^ mix(purpose.tag));
        for (long c : counters) {
            h = mix(h + GAMMA + mix(c));
        }
        return h;
    }

    /** A generator for the given purpose and counters. */
    public static SplittableRandom random(long seed, Purpose purpose, long... counters) {
        return new SplittableRandom(derive(seed, purpose, counters));
    }
}
