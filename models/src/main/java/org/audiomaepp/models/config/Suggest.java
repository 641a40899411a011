package org.audiomaepp.models.config;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" suggestions by edit distance: the one rule for unknown keys and values, in sweep
 * files, on the command line and in the models module's own parsers.
 */
public final class Suggest {

    private Suggest() {}

    /**
     * The candidate closest to {@code given}, if it is close enough to be a plausible typo: at most
     * a third of the longer word's letters (and at least 2) differ.
     */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(given.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int allowed = Math.max(2, Math.max(given.length(), best.length()) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " did you mean `x`?" or, with no close candidate, the list of valid ones. */
    public static String hint(String given, Collection<String> candidates) {
        return closest(given, candidates)
                .map(c -> "did you mean `" + c + "`?")
                .orElse("valid: " + String.join(", ", candidates));
    }

    /** Optimal string alignment distance: Levenshtein plus swaps of adjacent letters. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
