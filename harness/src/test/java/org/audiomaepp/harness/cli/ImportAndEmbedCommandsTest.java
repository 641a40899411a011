package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.tasks.audio.WavWriter;
import org.audiomaepp.tasks.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code harness import} and {@code harness embed} on the command line: exit codes, messages, outputs. */
class ImportAndEmbedCommandsTest extends CommandLineTestBase {

    @TempDir
    Path dir;

    @Test
    void importOfAnUnknownFormatExitsTwoNamingTheFile() throws IOException {
        Path f = Files.writeString(dir.resolve("weights.bin"), "no checkpoint here");
        assertEquals(ExitCodes.BAD_INPUT, run("import", f.toString(), "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().contains("weights.bin") && err.toString().contains("unknown format"), err.toString());
    }

    @Test
    void importOfAMissingFileAndABadBlockExitTwo() throws IOException {
        assertEquals(ExitCodes.BAD_INPUT, run("import", dir.resolve("nope.pth").toString(), "--out", dir.toString()));
        assertTrue(err.toString().contains("nope.pth"), err.toString());
        Path f = Files.writeString(dir.resolve("w.pth"), "x");
        assertEquals(ExitCodes.BAD_INPUT, run("import", f.toString(), "--out", dir.toString(), "--block", "macaron"));
        assertTrue(err.toString().contains("--block must be plusplus or vanilla"), err.toString());
    }

    /** Three splits of two clips each, one label per clip. */
    private Path task() throws IOException {
        Path t = Files.createDirectories(dir.resolve("tiny_task-v1.0.0-full"));
        Files.writeString(t.resolve("task_metadata.json"), """
                {"task_name": "tiny_task", "version": "v1.0.0", "mode": "full", "embedding_type": "scene",
                 "prediction_type": "multiclass", "split_mode": "trainvaltest", "sample_duration": 1.0,
                 "evaluation": ["top1_acc"], "splits": ["train", "valid", "test"]}
                """);
        Files.writeString(t.resolve("labelvocabulary.csv"), "idx,label\n0,low\n1,high\n");
        Path audio = Files.createDirectories(t.resolve("16000"));
        int n = 0;
        for (String split : List.of("train", "valid", "test")) {
            Path folder = Files.createDirectories(audio.resolve(split));
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < 2; i++, n++) {
                float[] x = new float[8000 + 3000 * n];
                double f = n % 2 == 0 ? 300 : 2000;
                for (int s = 0; s < x.length; s++) {
                    x[s] = (float) (0.3 * Math.sin(2 * Math.PI * f * s / 16000.0));
                }
                String name = "clip" + n + ".wav";
                WavWriter.writePcm16(folder.resolve(name), x, 16000);
                json.append(i == 0 ? "" : ", ").append('"').append(name).append("\": [\"")
                        .append(n % 2 == 0 ? "low" : "high").append("\"]");
            }
            Files.writeString(t.resolve(split + ".json"), json.append('}').toString());
        }
        return t;
    }

    @Test
    void embedWritesTheHarnessAndTheHearLayoutWithTheSameNumbers() throws IOException {
        Path task = task();
        Path model = dir.resolve("model");
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu());
                MaskedAutoencoder mae = MaskedAutoencoder.create(ModelConfig.of("micro"), m, 5)) {
            Files.createDirectories(model);
            mae.save(model.resolve("model.bin"));
        }
        Path harness = dir.resolve("harness");
        Path hear = dir.resolve("hear");
        assertEquals(0, run("embed", "--model", model.toString(), "--task", task.toString(), "--out", harness.toString(),
                "--layout", "official-audiomaepp"), err.toString());
        assertEquals(0, run("embed", "--model", model.resolve("model.bin").toString(), "--task", task.toString(),
                "--out", hear.toString(), "--layout", "official-audiomaepp", "--format", "hear"), err.toString());
        Npy.FloatArray rows = Npy.read(harness.resolve("test.npy"));
        assertArrayEquals(new int[] {2, 320}, rows.shape());
        for (int i = 0; i < 2; i++) {
            String file = "clip" + (4 + i) + ".wav";
            float[] one = Npy.read(hear.resolve("test").resolve(file + ".embedding.npy")).data();
            float[] row = java.util.Arrays.copyOfRange(rows.data(), i * 320, (i + 1) * 320);
            assertArrayEquals(row, one, file);
            String labels = Files.readString(hear.resolve("test").resolve(file + ".target-labels.json"));
            assertEquals(i % 2 == 0 ? "[\"low\"]" : "[\"high\"]", labels.strip());
        }
        assertTrue(Files.readString(hear.resolve("embedding.json")).contains("official-audiomaepp"));
        assertEquals(false, Files.exists(hear.resolve("test.npy")), "--format hear writes only the per-file layout");
        // the probe's reader takes the per-file layout as it takes the harness's
        org.audiomaepp.tasks.hear.HearTask t = org.audiomaepp.tasks.hear.HearTaskReader.read(task);
        for (String split : List.of("train", "valid", "test")) {
            assertArrayEquals(org.audiomaepp.tasks.probe.Embeddings.load(harness, t).splits().get(split).x(),
                    org.audiomaepp.tasks.probe.Embeddings.load(hear, t).splits().get(split).x(), split);
        }
    }
}
