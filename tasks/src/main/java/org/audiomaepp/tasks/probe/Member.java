package org.audiomaepp.tasks.probe;

import java.util.SplittableRandom;

/**
 * One probe being trained: a seed on one rotation split with one grid point. Its random streams
 * depend on (seed, split, grid index) alone, so its result is the same whichever other members
 * train beside it.
 */
record Member(int seed, int split, int gridIndex, GridPoint point) {

    /** What a random stream is used for; each purpose gets its own stream. */
    enum Purpose {
        INIT,
        BATCH_ORDER,
        DROPOUT
    }

    SplittableRandom random(Purpose purpose) {
        long h = mix(0x9E3779B97F4A7C15L ^ seed);
        h = mix(h ^ (split + 0x632BE59BD9B4E019L));
        h = mix(h ^ (gridIndex + 0x85157AF5L * 31));
        h = mix(h ^ (purpose.ordinal() + 0xD6E8FEB86659FD93L));
        return new SplittableRandom(h);
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
