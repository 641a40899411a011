package org.audiomaepp.tasks.probe;

import static org.audiomaepp.core.SplitMix64.mix;
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

}
