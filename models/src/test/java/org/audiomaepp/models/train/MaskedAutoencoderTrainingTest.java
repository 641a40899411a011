package org.audiomaepp.models.train;

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
import java.util.List;
import java.util.Map;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.nn.NamedParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe on the real network, at the project's micro size. */
class MaskedAutoencoderTrainingTest {

    private static final ModelConfig MICRO = ModelConfig.of("micro");
    private static final MemoryCorpus CORPUS = MemoryCorpus.random(5, 120, 250, 300, 200, 90);

    @TempDir
    Path tmp;

    private static PretrainConfig recipe(int epochs, int batch, int micro) {
        return PretrainConfig.fromMap(Map.of("epochs", epochs, "batch_size", batch, "micro_batch", micro,
                "base_lr", 1e-2, "warmup_epochs", 1, "seed", 1, "checkpoint_every", 2));
    }

    private static byte[] bytes(List<NamedParameter> params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (NamedParameter p : params) {
            out.writeBytes(p.array().toByteArray());
        }
        return out.toByteArray();
    }

    private static byte[] train(PretrainConfig config, Path out, TrainListener listener) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
                MaskedAutoencoder mae = MaskedAutoencoder.create(MICRO, manager, 0)) {
            new Pretrainer(config, MICRO.toMap(), out).run(TrainableModel.of(mae), manager, CORPUS, listener);
            return bytes(mae.parameters());
        }
    }

    @Test
    void aKilledRunResumesToTheUninterruptedWeightsAndExportsALoadableModel() throws IOException {
        PretrainConfig config = recipe(3, 2, 1);
        byte[] uninterrupted = train(config, tmp.resolve("a"), TrainListener.none());
        Path out = tmp.resolve("b");
        assertThrows(IllegalStateException.class, () -> train(config, out, r -> {
            if (r.step() == 3) {
                throw new IllegalStateException("killed");
            }
        }));
        assertArrayEquals(uninterrupted, train(config, out, TrainListener.none()));

        try (NDManager manager = NDManager.newBaseManager();
                MaskedAutoencoder loaded = MaskedAutoencoder.load(
                        out.resolve(Pretrainer.FINAL_DIR).resolve(TrainableModel.MODEL_FILE), manager)) {
            assertEquals(MICRO, loaded.config());
            assertArrayEquals(uninterrupted, bytes(loaded.parameters()));
        }
    }

    @Test
    void fp16RunsFloat16MatrixProductsWithLossScalingAndResumesExactly() throws IOException {
        Map<String, Object> m = new java.util.HashMap<>(recipe(3, 2, 1).toMap());
        m.put("precision", "fp16");
        PretrainConfig fp16 = PretrainConfig.fromMap(m);
        List<Float> losses = new ArrayList<>();
        byte[] uninterrupted = train(fp16, tmp.resolve("a"), r -> losses.add(r.loss()));
        assertTrue(losses.stream().allMatch(Float::isFinite), "losses " + losses);
        byte[] fp32 = train(recipe(3, 2, 1), tmp.resolve("fp32"), TrainListener.none());
        assertFalse(java.util.Arrays.equals(fp32, uninterrupted), "float16 products round differently");
        float[] a = floats(fp32);
        float[] b = floats(uninterrupted);
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        assertTrue(maxDiff < 0.05, "fp16 weights stay near the fp32 ones: max difference " + maxDiff);

        Path out = tmp.resolve("b");
        assertThrows(IllegalStateException.class, () -> train(fp16, out, r -> {
            if (r.step() == 3) {
                throw new IllegalStateException("killed");
            }
        }));
        assertArrayEquals(uninterrupted, train(fp16, out, TrainListener.none()));
        String meta = Files.readString(out.resolve(Pretrainer.FINAL_DIR).resolve(Checkpoint.META_FILE));
        assertTrue(meta.contains("\"loss_scaler\"") && meta.contains("\"scale\" : 65536.0"), meta);
    }

    private static float[] floats(byte[] bytes) {
        java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    @Test
    void zeroEpochsSavesTheSeededInitializationByteForByte() throws IOException {
        PretrainConfig config = PretrainConfig.fromMap(Map.of("epochs", 0, "warmup_epochs", 0, "batch_size", 2, "seed", 7));
        Path out = tmp.resolve("run");
        List<StepReport> steps = new ArrayList<>();
        Path fresh = tmp.resolve("fresh.bin");
        try (NDManager manager = NDManager.newBaseManager();
                MaskedAutoencoder mae = MaskedAutoencoder.create(MICRO, manager, 7)) {
            Pretrainer.Result result = new Pretrainer(config, MICRO.toMap(), out)
                    .run(TrainableModel.of(mae), manager, CORPUS, steps::add);
            assertEquals(0, result.steps());
        }
        try (NDManager manager = NDManager.newBaseManager();
                MaskedAutoencoder mae = MaskedAutoencoder.create(MICRO, manager, 7)) {
            mae.save(fresh);
        }
        assertTrue(steps.isEmpty());
        assertArrayEquals(Files.readAllBytes(fresh),
                Files.readAllBytes(out.resolve(Pretrainer.FINAL_DIR).resolve(TrainableModel.MODEL_FILE)));
        assertEquals(1, Files.readAllLines(out.resolve(Pretrainer.LOG_FILE)).size(), "header only");
    }

    @Test
    void theLossFallsOverTwelveStepsOnASmallCorpus() throws IOException {
        List<Float> losses = new ArrayList<>();
        train(recipe(12, 5, 5), tmp, r -> losses.add(r.loss()));
        assertTrue(losses.get(11) < 0.9 * losses.get(0), "losses " + losses);
    }

    @Test
    void nativeMemoryStaysFlatOverAHundredSteps() throws IOException {
        PretrainConfig config = PretrainConfig.fromMap(Map.of("epochs", 25, "batch_size", 1, "micro_batch", 1,
                "warmup_epochs", 1, "checkpoint_every", 1000));
        List<Integer> counts = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        MemoryCorpus corpus = MemoryCorpus.random(6, 210, 230, 190, 400);
        try (NDManager manager = NDManager.newBaseManager();
                MaskedAutoencoder mae = MaskedAutoencoder.create(MICRO, manager, 0)) {
            new Pretrainer(config, MICRO.toMap(), tmp).run(TrainableModel.of(mae), manager, corpus, r -> {
                List<NDArray> arrays = ((BaseNDManager) manager).getManagedArrays();
                counts.add(arrays.size());
                bytes.add(arrays.stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum());
            });
        }
        assertEquals(100, counts.size());
        assertEquals(counts.get(9), counts.get(99), "arrays attached after step 10 and after step 100");
        assertEquals(bytes.get(9), bytes.get(99), "bytes attached after step 10 and after step 100");
    }
}
