package org.audiomaepp.tasks.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Which HEAR splits train, validate and test one probe. A k-fold task rotates: with the folds
 * sorted, split i tests on fold i, validates on fold (i+1) mod k and trains on the others.
 */
public record ProbeSplit(List<String> train, String valid, String test) {
    public ProbeSplit {
        train = List.copyOf(train);
    }

    /** The k rotations of a k-fold task (hear-eval-kit's {@code data_splits_from_folds}). */
    public static List<ProbeSplit> kFold(List<String> folds) {
        List<String> sorted = folds.stream().sorted().toList();
        if (sorted.size() < 3 || sorted.stream().distinct().count() != sorted.size()) {
            throw new IllegalArgumentException("k-fold needs at least 3 distinct folds, got " + folds);
        }
        List<ProbeSplit> splits = new ArrayList<>();
        int k = sorted.size();
        for (int i = 0; i < k; i++) {
            String test = sorted.get(i);
            String valid = sorted.get((i + 1) % k);
            splits.add(new ProbeSplit(sorted.stream().filter(f -> !f.equals(test) && !f.equals(valid)).toList(), valid, test));
        }
        return splits;
    }

    /** The single split of a train/valid/test task. */
    public static List<ProbeSplit> trainValidTest() {
        return List.of(new ProbeSplit(List.of("train"), "valid", "test"));
    }
}
