package org.audiomaepp.tasks.hear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSplitsTest {

    private static TaskMetadata kfold(List<String> folds) {
        return new TaskMetadata("t", "v", "full", "scene", PredictionType.MULTICLASS, SplitMode.NEW_SPLIT_KFOLD,
                folds.size(), 1.0, List.of("top1_acc"), folds, Map.of());
    }

    @Test
    void kFoldSplitITestsOnFoldIValidatesOnTheNextAndTrainsOnTheRest() {
        List<Split> splits = TaskSplits.of(kfold(List.of("fold00", "fold01", "fold02", "fold03", "fold04")));
        assertEquals(5, splits.size());
        assertEquals(new Split(0, List.of("fold02", "fold03", "fold04"), "fold01", "fold00"), splits.get(0));
        assertEquals(new Split(3, List.of("fold00", "fold01", "fold02"), "fold04", "fold03"), splits.get(3));
        assertEquals(new Split(4, List.of("fold01", "fold02", "fold03"), "fold00", "fold04"), splits.get(4));
    }

    @Test
    void foldsAreSortedBeforeRotating() {
        List<Split> splits = TaskSplits.of(kfold(List.of("fold02", "fold00", "fold01")));
        assertEquals(new Split(0, List.of("fold02"), "fold01", "fold00"), splits.get(0));
        assertEquals(new Split(2, List.of("fold01"), "fold00", "fold02"), splits.get(2));
    }

    @Test
    void everyFoldIsTestedExactlyOnce() {
        List<String> folds = List.of("fold00", "fold01", "fold02", "fold03", "fold04");
        assertEquals(folds, TaskSplits.of(kfold(folds)).stream().map(Split::testSplit).toList());
    }

    @Test
    void trainValTestHasOneSplit(@TempDir Path root) {
        HearTask task = HearTaskReader.read(TaskDirs.trainValTest(root));
        assertEquals(List.of(new Split(0, List.of("train"), "valid", "test")), TaskSplits.of(task));
    }
}
