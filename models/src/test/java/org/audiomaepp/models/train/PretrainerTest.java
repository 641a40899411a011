package org.audiomaepp.models.train;

import org.audiomaepp.models.nn.NamedParameter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.models.BadConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PretrainerTest {

    /** 11 clips: shorter than a crop (tiled), exactly one, longer; batch 4 → 2 steps per epoch. */
    private static final MemoryCorpus CORPUS = MemoryCorpus.random(7, 50, 200, 260, 199, 400, 30, 210, 600, 201, 120, 333);
    private static final Map<String, Object> MODEL = Map.of("kind", "toy", "hidden", 8);

    @TempDir
    Path tmp;

    private static PretrainConfig recipe(int epochs, int micro, int checkpointEvery) {
        Map<String, Object> m = new HashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", 4);
        m.put("micro_batch", micro);
        m.put("base_lr", 0.05);
        m.put("warmup_epochs", 1);
        m.put("seed", 3);
        m.put("checkpoint_every", checkpointEvery);
        return PretrainConfig.fromMap(m);
    }

    /** Trains a fresh toy model in {@code out}; returns its parameter bytes. */
    private static byte[] train(PretrainConfig config, Path out, TrainListener listener) throws IOException {
        return train(config, out, listener, true);
    }

    private static byte[] train(PretrainConfig config, Path out, TrainListener listener, boolean seededMasks) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ToyModel model = new ToyModel(manager, 11, 8, seededMasks);
            new Pretrainer(config, MODEL, out).run(model, manager, CORPUS, listener);
            return bytes(model);
        }
    }

    private static byte[] bytes(TrainableModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (NamedParameter p : model.parameters()) {
            out.writeBytes(p.array().toByteArray());
        }
        return out.toByteArray();
    }

    private static TrainListener killAfter(long step) {
        return r -> {
            if (r.step() == step) {
                throw new Killed();
            }
        };
    }

    private static final class Killed extends RuntimeException {}

    private static List<String> lossColumn(Path log) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(",");
            rows.add(f[0] + "," + f[1] + "," + f[2] + "," + f[3]);
        }
        return rows;
    }

    @ParameterizedTest(name = "killed after step {0}")
    @ValueSource(ints = {1, 2, 3, 5})
    void aKilledAndRestartedRunEndsWithTheSameBytesAsAnUninterruptedOne(int killStep) throws IOException {
        PretrainConfig config = recipe(3, 2, 2);
        byte[] uninterrupted = train(config, tmp.resolve("a"), TrainListener.none());

        Path out = tmp.resolve("b");
        assertThrows(Killed.class, () -> train(config, out, killAfter(killStep)));
        List<Long> resumedFrom = new ArrayList<>();
        byte[] resumed = train(config, out, new TrainListener() {
            @Override
            public void onStart(long firstStep, long totalSteps) {
                resumedFrom.add(firstStep);
            }

            @Override
            public void onStep(StepReport r) {}
        });

        assertEquals(List.of((long) (killStep / 2 * 2)), resumedFrom, "resumes from the latest checkpoint");
        assertArrayEquals(uninterrupted, resumed);
        assertEquals(lossColumn(tmp.resolve("a").resolve(Pretrainer.LOG_FILE)), lossColumn(out.resolve(Pretrainer.LOG_FILE)),
                "the log has every step once, with the uninterrupted run's values");
    }

    @ParameterizedTest(name = "prefetch depth {0}")
    @ValueSource(ints = {0, 1, 4})
    void prefetchingDoesNotChangeASingleByte(int depth) throws IOException {
        PretrainConfig config = recipe(3, 2, 100);
        byte[] inline = train(config, tmp.resolve("inline"), TrainListener.none());
        byte[] prefetched;
        try (NDManager manager = NDManager.newBaseManager()) {
            ToyModel model = new ToyModel(manager, 11, 8, true);
            new Pretrainer(config, MODEL, tmp.resolve("depth")).prefetch(depth).run(model, manager, CORPUS, TrainListener.none());
            prefetched = bytes(model);
        }
        assertArrayEquals(inline, prefetched);
    }

    @Test
    void aCompleteRunKeepsOnlyTheFinalCheckpointAndLoadsItOnRerun() throws IOException {
        PretrainConfig config = recipe(2, 4, 1);
        Path out = tmp.resolve("run");
        byte[] trained = train(config, out, TrainListener.none());
        assertTrue(Files.isRegularFile(out.resolve("final").resolve(Checkpoint.META_FILE)));
        assertFalse(Files.exists(out.resolve(Pretrainer.CHECKPOINTS_DIR)));
        assertEquals(5, Files.readAllLines(out.resolve(Pretrainer.LOG_FILE)).size(), "header + 4 steps");

        List<StepReport> steps = new ArrayList<>();
        assertArrayEquals(trained, train(config, out, steps::add));
        assertTrue(steps.isEmpty(), "nothing is retrained");
    }

    @Test
    void accumulatedMicroBatchesGiveTheFullBatchUpdate() throws IOException {
        byte[] whole = train(recipe(2, 4, 100), tmp.resolve("whole"), TrainListener.none(), false);
        byte[] accumulated = train(recipe(2, 1, 100), tmp.resolve("micro"), TrainListener.none(), false);
        float[] a = floats(whole);
        float[] b = floats(accumulated);
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        assertTrue(maxDiff < 1e-5, "max difference " + maxDiff);
    }

    @Test
    void aCheckpointOfAnotherConfigIsRefusedNamingTheFile() throws IOException {
        Path out = tmp.resolve("run");
        assertThrows(Killed.class, () -> train(recipe(3, 2, 1), out, killAfter(1)));
        BadConfigException e = assertThrows(BadConfigException.class, () -> train(recipe(4, 2, 1), out, TrainListener.none()));
        assertTrue(e.getMessage().contains(Checkpoint.META_FILE), e.getMessage());
        assertTrue(e.getMessage().contains("pretrain.epochs: checkpoint 3, now 4"), e.getMessage());
    }

    @Test
    void theCheckpointIntervalMayChangeOnResume() throws IOException {
        Path out = tmp.resolve("run");
        assertThrows(Killed.class, () -> train(recipe(3, 2, 1), out, killAfter(1)));
        train(recipe(3, 2, 5), out, TrainListener.none());
        assertTrue(Files.isDirectory(out.resolve(Pretrainer.FINAL_DIR)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"params.bin", "optimizer.bin", "checkpoint.json"})
    void aCorruptCheckpointIsRefusedNamingTheFile(String file) throws IOException {
        Path out = tmp.resolve("run");
        assertThrows(Killed.class, () -> train(recipe(3, 2, 1), out, killAfter(1)));
        Path damaged = out.resolve(Pretrainer.CHECKPOINTS_DIR).resolve("step-00000001").resolve(file);
        byte[] content = Files.readAllBytes(damaged);
        content[content.length / 2] ^= 0x5a;
        Files.write(damaged, content);
        BadConfigException e = assertThrows(BadConfigException.class, () -> train(recipe(3, 2, 1), out, TrainListener.none()));
        assertTrue(e.getMessage().contains(damaged.toString()), e.getMessage());
    }

    @Test
    void aCorpusSmallerThanTheBatchIsAConfigError() {
        PretrainConfig config = PretrainConfig.fromMap(Map.of("batch_size", 64));
        BadConfigException e = assertThrows(BadConfigException.class, () -> train(config, tmp, TrainListener.none()));
        assertTrue(e.getMessage().contains("--batch-size 11"), e.getMessage());
    }

    @Test
    void nativeArraysDoNotAccumulateOverManySteps() throws IOException {
        PretrainConfig config = recipe(100, 2, 1000);
        List<Integer> counts = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            ToyModel model = new ToyModel(manager, 11, 8);
            new Pretrainer(config, MODEL, tmp).run(model, manager, CORPUS, r -> {
                List<NDArray> arrays = ((BaseNDManager) manager).getManagedArrays();
                counts.add(arrays.size());
                bytes.add(arrays.stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum());
            });
        }
        assertEquals(200, counts.size());
        assertEquals(counts.get(9), counts.get(199), "arrays after warm-up vs. at the end: " + counts);
        assertEquals(bytes.get(9), bytes.get(199));
    }

    private static float[] floats(byte[] bytes) {
        java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }
}
