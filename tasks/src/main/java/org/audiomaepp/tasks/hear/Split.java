package org.audiomaepp.tasks.hear;

import java.util.List;

/**
 * One train/validation/test assignment of a task's splits (docs/protocol.md §3). A k-fold task has one
 * per fold; a trainvaltest task has exactly one.
 *
 * @param index       0-based; split 0 is the one the probe grid is chosen on
 * @param trainSplits the splits the probe trains on
 * @param validSplit  the split that picks the checkpoint (and the grid point)
 * @param testSplit   the split that is scored
 */
public record Split(int index, List<String> trainSplits, String validSplit, String testSplit) {
    public Split {
        trainSplits = List.copyOf(trainSplits);
    }
}
