package org.audiomaepp.models.nn;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent generator seeds from a run seed and a purpose, so that every random draw
 * is a pure function of the config (the engine's own generator is process-wide and not used).
 */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64's finalizer: a bijective 64-bit mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed for {@code (seed, a)}, e.g. (mask seed, sample index). */
    public static long derive(long seed, long a) {
        return mix(mix(seed) + 0x9e3779b97f4a7c15L * (a + 1));
    }

    /** A seed for {@code (seed, name)}, e.g. (init seed, parameter name). */
    public static long derive(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return derive(seed, h);
    }
}
