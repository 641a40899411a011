package org.audiomaepp.tasks.hear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.audiomaepp.tasks.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HearTaskReaderTest {

    @TempDir
    Path root;

    @Test
    void readsAValidKFoldTask() {
        HearTask task = HearTaskReader.read(TaskDirs.kfold(root));
        assertEquals("toy_kfold-v1-full", task.name());
        assertEquals(SplitMode.PRESPLIT_KFOLD, task.metadata().splitMode());
        assertEquals(PredictionType.MULTICLASS, task.metadata().predictionType());
        assertEquals(3, task.metadata().nfolds());
        assertEquals(0.1, task.metadata().sampleDuration());
        assertEquals("top1_acc", task.metadata().primaryMetric());
        assertEquals(List.of("a", "b"), task.vocabulary());
        assertEquals(List.of("fold00", "fold01", "fold02"), List.copyOf(task.examples().keySet()));
        Example y = task.examples("fold01").get(1);
        assertEquals("y1.wav", y.file());
        assertEquals(List.of("b"), y.labels());
        assertArrayEquals(new int[] {1}, y.labelIndices());
        assertEquals(task.directory().resolve("16000/fold01/y1.wav"), y.audio());
        assertEquals(List.of(), task.metadata().extra().get("download_urls"));
        assertEquals(6, task.size());
    }

    @Test
    void readsAValidTrainValTestMultilabelTaskWithVariableLengths() {
        TaskCheck check = HearTaskReader.check(TaskDirs.trainValTest(root));
        assertEquals(List.of(), check.problems());
        HearTask task = check.task();
        assertNull(task.metadata().sampleDuration());
        assertNull(task.metadata().nfolds());
        assertEquals("mAP", task.metadata().primaryMetric());
        assertEquals(List.of("bell, small", "dog", "rain"), task.vocabulary());
        Example t1 = task.examples("train").get(0);
        assertArrayEquals(new int[] {1, 2}, t1.labelIndices());
        assertEquals(List.of(), task.examples("train").get(1).labels());
        assertArrayEquals(new int[] {2, 0}, task.examples("test").get(0).labelIndices());
        assertEquals(5, check.durations().files());
        assertEquals(0.05, check.durations().minSeconds(), 1e-9);
        assertEquals(0.25, check.durations().maxSeconds(), 1e-9);
    }

    static Stream<Arguments> brokenTasks() {
        return Stream.of(
                broken("missing metadata", d -> TaskDirs.delete(d.resolve("task_metadata.json")),
                        "task_metadata.json", "is missing"),
                broken("missing vocabulary", d -> TaskDirs.delete(d.resolve("labelvocabulary.csv")),
                        "labelvocabulary.csv", "is missing"),
                broken("missing split json", d -> TaskDirs.delete(d.resolve("fold01.json")),
                        "fold01.json", "is missing but task_metadata.json lists split"),
                broken("malformed metadata json", d -> TaskDirs.write(d.resolve("task_metadata.json"), "{\"task_name\": "),
                        "task_metadata.json", "is not valid JSON"),
                broken("malformed split json", d -> TaskDirs.write(d.resolve("fold02.json"), "{\"x2.wav\": [\"a\"],}"),
                        "fold02.json", "is not valid JSON"),
                broken("vocabulary header", d -> TaskDirs.write(d.resolve("labelvocabulary.csv"), "id,name\n0,a\n1,b\n"),
                        "labelvocabulary.csv", "must be exactly \"idx,label\""),
                broken("vocabulary idx gap", d -> TaskDirs.write(d.resolve("labelvocabulary.csv"), "idx,label\n0,a\n2,b\n"),
                        "labelvocabulary.csv", "row 3 has \"2\", expected 1"),
                broken("vocabulary duplicate label", d -> TaskDirs.write(d.resolve("labelvocabulary.csv"),
                                "idx,label\n0,a\n1,b\n2,a\n"),
                        "labelvocabulary.csv", "label \"a\" appears in rows 2 and 4"),
                broken("extra split json", d -> TaskDirs.write(d.resolve("fold03.json"), "{}"),
                        "fold03.json", "does not list split \"fold03\""),
                broken("nfolds disagrees with splits", d -> replace(d.resolve("task_metadata.json"), "\"nfolds\": 3", "\"nfolds\": 5"),
                        "task_metadata.json", "nfolds is 5 but splits lists 3"),
                broken("unknown prediction type", d -> replace(d.resolve("task_metadata.json"), "\"multiclass\"", "\"regression\""),
                        "task_metadata.json", "prediction_type \"regression\" is not supported"),
                broken("missing task name", d -> replace(d.resolve("task_metadata.json"), "\"task_name\"", "\"name\""),
                        "task_metadata.json", "task_name is missing"),
                broken("evaluation not a list", d -> replace(d.resolve("task_metadata.json"), "[\"top1_acc\"]", "\"top1_acc\""),
                        "task_metadata.json", "evaluation must be a list of strings"),
                broken("too few folds", d -> {
                            replace(d.resolve("task_metadata.json"), "\"nfolds\": 3", "\"nfolds\": 2");
                            replace(d.resolve("task_metadata.json"), ", \"fold02\"]", "]");
                            TaskDirs.delete(d.resolve("fold02.json"));
                        },
                        "task_metadata.json", "needs at least 3 folds"),
                broken("trainvaltest without valid", d -> {
                            replace(d.resolve("task_metadata.json"), "\"presplit_kfold\"", "\"trainvaltest\"");
                            replace(d.resolve("task_metadata.json"), "\"nfolds\": 3,", "\"nfolds\": null,");
                        },
                        "task_metadata.json", "exactly the splits train, valid and test"),
                broken("missing audio folder", d -> TaskDirs.delete(d.resolve("16000")),
                        "16000", "is missing"),
                broken("missing split audio folder", d -> TaskDirs.delete(d.resolve("16000/fold02")),
                        "fold02", "is missing; the audio of split \"fold02\""),
                broken("listed file absent", d -> TaskDirs.delete(d.resolve("16000/fold00/x0.wav")),
                        "fold00", "are not here: x0.wav"),
                broken("label outside vocabulary", d -> TaskDirs.write(d.resolve("fold00.json"),
                                "{\"x0.wav\": [\"c\"], \"y0.wav\": [\"b\"]}"),
                        "fold00.json", "not in labelvocabulary.csv: c"),
                broken("multiclass without label", d -> TaskDirs.write(d.resolve("fold00.json"),
                                "{\"x0.wav\": [], \"y0.wav\": [\"b\"]}"),
                        "fold00.json", "do not have exactly one label: x0.wav []"),
                broken("multiclass with two labels", d -> TaskDirs.write(d.resolve("fold00.json"),
                                "{\"x0.wav\": [\"a\", \"b\"], \"y0.wav\": [\"b\"]}"),
                        "fold00.json", "do not have exactly one label: x0.wav [a, b]"),
                broken("file name with ..", d -> TaskDirs.write(d.resolve("fold00.json"),
                                "{\"..\": [\"a\"], \"y0.wav\": [\"b\"]}"),
                        "fold00.json", "would point outside 16000/fold00/"),
                broken("file name with separator", d -> TaskDirs.write(d.resolve("fold00.json"),
                                "{\"../fold01/x1.wav\": [\"a\"], \"y0.wav\": [\"b\"]}"),
                        "fold00.json", "would point outside 16000/fold00/"),
                broken("absolute file name", d -> TaskDirs.write(d.resolve("fold00.json"),
                                "{\"/etc/passwd\": [\"a\"], \"y0.wav\": [\"b\"]}"),
                        "fold00.json", "would point outside 16000/fold00/"),
                broken("event task", d -> replace(d.resolve("task_metadata.json"), "\"scene\"", "\"event\""),
                        "task_metadata.json", "only scene tasks (one label set per clip) are supported"),
                broken("wrong sample rate", d -> TaskDirs.wav(d.resolve("16000/fold01/x1.wav"), 800, 8000),
                        "fold01", "not sampled at 16000 Hz: x1.wav (8000 Hz)"),
                broken("stereo audio", d -> TaskDirs.wav(d.resolve("16000/fold01/x1.wav"), 1, 2, 16000, 16, 800),
                        "fold01", "not mono: x1.wav (2 channels)"),
                broken("8-bit audio", d -> TaskDirs.wav(d.resolve("16000/fold01/x1.wav"), 1, 1, 16000, 8, 800),
                        "fold01", "not 16-bit PCM: x1.wav (wav:pcm_u8)"),
                broken("float audio", d -> TaskDirs.wav(d.resolve("16000/fold01/x1.wav"), 3, 1, 16000, 32, 800),
                        "fold01", "not 16-bit PCM: x1.wav (wav:pcm_f32le)"),
                broken("unreadable audio", d -> TaskDirs.write(d.resolve("16000/fold01/x1.wav"), "not audio at all"),
                        "fold01", "not readable WAV files: x1.wav"),
                broken("not a directory", d -> TaskDirs.delete(d), "toy_kfold-v1-full", "does not exist"));
    }

    private static Arguments broken(String name, Consumer<Path> breakIt, String file, String message) {
        return Arguments.of(name, breakIt, file, message);
    }

    private static void replace(Path file, String from, String to) {
        try {
            String s = java.nio.file.Files.readString(file);
            if (!s.contains(from)) {
                throw new IllegalStateException(from + " not in " + file);
            }
            TaskDirs.write(file, s.replace(from, to));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenTasks")
    void reportsEachProblemNamingTheFileAndRefusesToRead(String name, Consumer<Path> breakIt, String file, String message) {
        Path dir = TaskDirs.kfold(root);
        breakIt.accept(dir);
        List<Problem> problems = HearTaskReader.validate(dir);
        assertTrue(problems.stream().anyMatch(p -> p.isError()
                        && p.file().getFileName().toString().equals(file) && p.message().contains(message)),
                "expected an error on " + file + " saying '" + message + "', got " + problems);
        BadInputException e = assertThrows(BadInputException.class, () -> HearTaskReader.read(dir));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void listsAllProblemsNotJustTheFirst() {
        Path dir = TaskDirs.kfold(root);
        TaskDirs.write(dir.resolve("labelvocabulary.csv"), "idx,label\n0,a\n1,b\n2,b\n");
        TaskDirs.write(dir.resolve("fold01.json"), "{\"x1.wav\": [\"zebra\"], \"y1.wav\": [\"b\"]}");
        TaskDirs.delete(dir.resolve("16000/fold00/x0.wav"));
        TaskDirs.delete(dir.resolve("16000/fold02"));
        BadInputException e = assertThrows(BadInputException.class, () -> HearTaskReader.read(dir));
        assertTrue(e.getMessage().contains("4 problems"), e.getMessage());
        assertTrue(e.getMessage().contains("zebra"), e.getMessage());
        assertTrue(e.getMessage().contains("labelvocabulary.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("x0.wav"), e.getMessage());
        assertTrue(e.getMessage().contains("fold02"), e.getMessage());
    }

    @Test
    void unlistedAudioIsAWarningAndTheTaskIsStillRead() {
        Path dir = TaskDirs.kfold(root);
        TaskDirs.wav(dir.resolve("16000/fold00/stray.wav"), 160, 16000);
        List<Problem> problems = HearTaskReader.validate(dir);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(Problem.Severity.WARNING, problems.get(0).severity());
        assertTrue(problems.get(0).message().contains("stray.wav"));
        assertEquals(6, HearTaskReader.read(dir).size());
    }

    @Test
    void missingMetadataInAFolderOfTasksSuggestsATaskDirectory() {
        TaskDirs.kfold(root);
        List<Problem> problems = HearTaskReader.validate(root);
        assertTrue(problems.get(0).message().contains("toy_kfold-v1-full"), problems.toString());
    }

    @Test
    void theNameIsTheDirectoryNameHoweverThePathIsSpelled() {
        Path dir = TaskDirs.kfold(root);
        assertEquals("toy_kfold-v1-full", HearTaskReader.read(dir.resolve("16000/..")).name());
    }

    @Test
    void derivesFoldNamesWhenMetadataHasOnlyNfolds() {
        Path dir = TaskDirs.kfold(root);
        replace(dir.resolve("task_metadata.json"), "\"splits\": [\"fold00\", \"fold01\", \"fold02\"]", "\"x\": 1");
        HearTask task = HearTaskReader.read(dir);
        assertEquals(List.of("fold00", "fold01", "fold02"), task.metadata().splits());
        assertEquals(1, task.metadata().extra().get("x"));
    }
}
