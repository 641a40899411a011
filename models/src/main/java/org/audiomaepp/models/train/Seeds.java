package org.audiomaepp.models.train;

import java.util.SplittableRandom;

/**
 * Counter-based randomness: every random stream of a run is a pure function of the run seed, a
 * purpose and a few counters (epoch, clip, step, micro-batch). Nothing carries generator state
 * from step to step, so resuming needs only the step counter, and the draws do not depend on the
 * order in which they are made.
 */
public final class Seeds {

    /** What a derived seed is for; each purpose gets an independent stream. */
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

    /** A 64-bit seed derived from the run seed, the purpose and the counters, in that order. */
    public static long derive(long seed, Purpose purpose, long... counters) {
        long h = mix(seed ^ mix(purpose.tag));
        for (long c : counters) {
            h = mix(h + 0x9e3779b97f4a7c15L + mix(c));
        }
        return h;
    }

    /** A generator for the given purpose and counters. */
    public static SplittableRandom random(long seed, Purpose purpose, long... counters) {
        return new SplittableRandom(derive(seed, purpose, counters));
    }

    /** SplitMix64's finalizer: a bijective, well-mixing 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
