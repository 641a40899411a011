package org.audiomaepp.core;

/**
 * SplitMix64 (Steele, Lea and Flood): the one 64-bit mix every seed of the project is derived
 * with, so that a random stream is a pure function of a run seed and a few counters.
 */
public final class SplitMix64 {

    /** The golden-ratio increment SplitMix64 adds between outputs. */
    public static final long GAMMA = 0x9e3779b97f4a7c15L;

    private SplitMix64() {}

    /** SplitMix64's finalizer: a bijective, well-mixing 64-bit hash. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
