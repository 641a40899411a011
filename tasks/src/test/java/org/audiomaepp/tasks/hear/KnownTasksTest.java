package org.audiomaepp.tasks.hear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownTasksTest {

    @ParameterizedTest
    @CsvSource({
        "E50, esc50-v2.0.0-full",
        "mri-t, mridangam_tonic-v1.5-full",
        "nsynth_pitch_5h, nsynth_pitch-v2.2.3-5h",
        "fsd50k-v1.0-full, fsd50k-v1.0-full",
        "my_task-v1-full, my_task-v1-full",
    })
    void resolvesIdsColumnsAndDirectoriesToDirectories(String name, String directory) {
        assertEquals(List.of(directory), KnownTasks.resolve(name));
    }

    @Test
    void suitesResolveToTenDirectoriesInTableOrder() {
        List<String> hear = KnownTasks.resolve("hear10");
        assertEquals(10, hear.size());
        assertEquals("beijing_opera-v1.0-hear2021-full", hear.get(0));
        assertEquals("vox_lingua_top10-hear2021-full", hear.get(9));
        List<String> synth = KnownTasks.resolve("synth10");
        assertEquals(10, synth.size());
        assertEquals("synth_esc50-v1.0.0-tiny", synth.get(2));
        assertEquals("synth_esc50-v1.0.0-small", KnownTasks.resolve("synth10-small").get(2));
    }

    @Test
    void synth10TakesTheScaleGeneratedIntoTheTasksDirectory(@TempDir Path tasks) throws IOException {
        assertEquals(KnownTasks.synthetic10("tiny"), KnownTasks.resolve("synth10", tasks));
        for (String d : KnownTasks.synthetic10("small")) {
            Files.createDirectories(tasks.resolve(d));
        }
        assertEquals(KnownTasks.synthetic10("small"), KnownTasks.resolve("synth10", tasks));
        assertEquals(List.of("synth_esc50-v1.0.0-small"), KnownTasks.resolve("E50", tasks),
                "a paper id whose real directory is absent resolves to its synthetic stand-in");
        Files.createDirectories(tasks.resolve("esc50-v2.0.0-full"));
        assertEquals(List.of("esc50-v2.0.0-full"), KnownTasks.resolve("E50", tasks), "the real task wins");
    }

    @Test
    void resolveAllDropsRepeats() {
        assertEquals(List.of("esc50-v2.0.0-full", "fsd50k-v1.0-full"),
                KnownTasks.resolveAll(List.of("E50", "esc50-v2.0.0-full", "F50K")));
    }

    @Test
    void mridangamIsIdentifiedByDirectoryNotByItsSwappedTaskName() {
        TaskMetadata swapped = new TaskMetadata("mridangam_stroke", "v1.5", "full", "scene",
                PredictionType.MULTICLASS, SplitMode.NEW_SPLIT_KFOLD, 5, 0.81, List.of("top1_acc"),
                List.of("fold00", "fold01", "fold02", "fold03", "fold04"), Map.of());
        assertEquals("Mri-T", KnownTasks.of("mridangam_tonic-v1.5-full", swapped).orElseThrow().id());
    }

    @Test
    void aSyntheticTaskMapsToItsPaperTaskThroughItsCounterpartField() {
        TaskMetadata synth = new TaskMetadata("synth_esc50", "v1.0.0", "tiny", "scene",
                PredictionType.MULTICLASS, SplitMode.PRESPLIT_KFOLD, 5, 4.0, List.of("top1_acc"),
                List.of("fold00", "fold01", "fold02", "fold03", "fold04"),
                Map.of(TaskMetadata.SYNTHETIC_COUNTERPART, "esc50-v2.0.0-full"));
        assertEquals(Optional.of("E50"), KnownTasks.of("synth_esc50-v1.0.0-tiny", synth).map(KnownTask::id));
        assertEquals(Optional.empty(), KnownTasks.of("other-v1-full", new TaskMetadata("other", null, null,
                "scene", PredictionType.MULTICLASS, SplitMode.TRAINVALTEST, null, null, List.of("top1_acc"),
                List.of("train", "valid", "test"), Map.of())).map(KnownTask::id));
    }
}
