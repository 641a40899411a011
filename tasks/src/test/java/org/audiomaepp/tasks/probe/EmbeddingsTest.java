package org.audiomaepp.tasks.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audiomaepp.tasks.BadInputException;
import org.audiomaepp.tasks.hear.HearTask;
import org.audiomaepp.tasks.hear.HearTaskReader;
import org.audiomaepp.tasks.hear.PredictionType;
import org.audiomaepp.tasks.io.Npy;
import org.audiomaepp.tasks.metrics.Metric;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsTest {
    @TempDir
    Path tmp;
    HearTask task;

    @BeforeEach
    void writeTask() throws Exception {
        task = HearTaskReader.read(ProbeTaskDirs.task(tmp, 6));
    }

    @Test
    void harnessLayoutLoadsWithTaskLabelsAndRotation() throws Exception {
        ProbeData data = Embeddings.load(ProbeTaskDirs.embeddings(tmp.resolve("emb"), 6, 4), task);
        assertEquals(3, data.nLabels());
        assertEquals(4, data.dim());
        assertEquals(PredictionType.MULTICLASS, data.predictionType());
        assertEquals(List.of(Metric.TOP1_ACC, Metric.MAP), data.metrics().all());
        assertEquals(3, data.rotation().size());
        SplitData f1 = data.splits().get("fold01");
        assertEquals("fold01_4.wav", f1.files().get(4));
        assertArrayEquals(new int[] {1}, f1.labels().get(4));
    }

    @Test
    void hearEvalKitPerFileLayoutLoadsInTaskOrder() throws Exception {
        Path dir = tmp.resolve("perfile");
        for (String fold : ProbeTaskDirs.FOLDS) {
            for (int i = 0; i < 6; i++) {
                Npy.write(dir.resolve(fold).resolve(fold + "_" + i + ".wav.embedding.npy"),
                        new Npy.FloatArray(new float[] {i, 10 + i}, new int[] {2}));
            }
        }
        ProbeData data = Embeddings.load(dir, task);
        SplitData f0 = data.splits().get("fold00");
        assertEquals(2, data.dim());
        assertEquals(3f, f0.x()[2 * 3]);
        assertEquals(13f, f0.x()[2 * 3 + 1]);
    }

    @Test
    void missingAndExtraFilesAreNamed() throws Exception {
        Path dir = ProbeTaskDirs.embeddings(tmp.resolve("emb"), 6, 4);
        float[][] rows = new float[6][4];
        List<String> files = List.of("fold02_0.wav", "fold02_1.wav", "fold02_2.wav", "fold02_3.wav", "fold02_4.wav", "stray.wav");
        Embeddings.writeSplit(dir, "fold02", files, files.stream().map(f -> List.of("a")).toList(), rows);
        BadInputException e = assertThrows(BadInputException.class, () -> Embeddings.load(dir, task));
        assertTrue(e.getMessage().contains("fold02_5.wav") && e.getMessage().contains("stray.wav"), e.getMessage());
    }

    @Test
    void nonFiniteValuesNameTheFileAndClip() throws Exception {
        Path dir = ProbeTaskDirs.embeddings(tmp.resolve("emb"), 6, 4);
        float[][] rows = new float[6][4];
        rows[3][1] = Float.NaN;
        List<String> files = List.of("fold01_0.wav", "fold01_1.wav", "fold01_2.wav", "fold01_3.wav", "fold01_4.wav", "fold01_5.wav");
        Embeddings.writeSplit(dir, "fold01", files, files.stream().map(f -> List.of("a")).toList(), rows);
        BadInputException e = assertThrows(BadInputException.class, () -> Embeddings.load(dir, task));
        assertTrue(e.getMessage().contains("fold01.npy") && e.getMessage().contains("fold01_3.wav"), e.getMessage());
    }

    @Test
    void dimensionsMustAgreeAcrossSplits() throws Exception {
        Path dir = ProbeTaskDirs.embeddings(tmp.resolve("emb"), 6, 4);
        List<String> files = List.of("fold02_0.wav", "fold02_1.wav", "fold02_2.wav", "fold02_3.wav", "fold02_4.wav", "fold02_5.wav");
        Embeddings.writeSplit(dir, "fold02", files, files.stream().map(f -> List.of("a")).toList(), new float[6][5]);
        BadInputException e = assertThrows(BadInputException.class, () -> Embeddings.load(dir, task));
        assertTrue(e.getMessage().contains("dimension 5"), e.getMessage());
    }

    @Test
    void anEmptyDirectoryExplainsBothLayouts() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        BadInputException e = assertThrows(BadInputException.class, () -> Embeddings.load(tmp.resolve("empty"), task));
        assertTrue(e.getMessage().contains("fold00.index.json") && e.getMessage().contains(".embedding.npy"), e.getMessage());
    }
}
