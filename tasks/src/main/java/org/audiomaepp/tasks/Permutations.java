package org.audiomaepp.tasks;

import java.util.SplittableRandom;

/** Seeded random permutations, so every shuffle in the module draws the same way from its generator. */
public final class Permutations {
    private Permutations() {}

    /** A random permutation of 0..n-1 (Fisher-Yates), drawn from {@code r}. */
    public static int[] of(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
