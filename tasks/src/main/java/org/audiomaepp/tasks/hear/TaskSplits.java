package org.audiomaepp.tasks.hear;

import java.util.ArrayList;
import java.util.List;

/**
 * The train/validation/test rotations of a task (docs/protocol.md §3), as hear-eval-kit does them: for k
 * folds sorted by name, split i tests on fold i, validates on fold (i+1) mod k and trains on the
 * other k-2; a trainvaltest task has the single split train/valid/test.
 */
public final class TaskSplits {

    private TaskSplits() {}

    /** The rotations of a task. */
    public static List<Split> of(HearTask task) {
        return of(task.metadata());
    }

    /** The rotations implied by a task's metadata. */
    public static List<Split> of(TaskMetadata metadata) {
        if (metadata.splitMode() == SplitMode.TRAINVALTEST) {
            return List.of(new Split(0, List.of("train"), "valid", "test"));
        }
        List<String> folds = new ArrayList<>(metadata.splits());
        folds.sort(null);
        int k = folds.size();
        if (k < 3) {
            throw new IllegalArgumentException("a k-fold task needs at least 3 folds, got " + folds);
        }
        List<Split> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            String test = folds.get(i);
            String valid = folds.get((i + 1) % k);
            List<String> train = new ArrayList<>();
            for (String f : folds) {
                if (!f.equals(test) && !f.equals(valid)) {
                    train.add(f);
                }
            }
            out.add(new Split(i, train, valid, test));
        }
        return List.copyOf(out);
    }
}
