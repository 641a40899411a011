package org.audiomaepp.harness.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.audiomaepp.models.config.Block;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.config.Layout;
import org.audiomaepp.models.config.Pad;
import org.audiomaepp.models.config.Rope;
import org.audiomaepp.models.config.RopeTables;
import org.audiomaepp.models.embed.SceneEmbedder;
import org.audiomaepp.models.importer.CheckpointImporter;
import org.audiomaepp.models.importer.ImportException;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.tasks.audio.AudioReader;
import org.audiomaepp.tasks.audio.LogMel;
import org.audiomaepp.tasks.audio.WavWriter;
import org.audiomaepp.tasks.io.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checkpoints made by PyTorch the way the released AudioMAE++ code makes them (official names,
 * module structure and forward pass in {@code released/official_model.py}, saved with
 * {@code torch.save} as {@code {model, optimizer, epoch, scaler, args}} and as safetensors) import
 * into this project's model, whose scene embeddings of a few WAV files equal the PyTorch module's
 * (the released HEAR API's padding and token layout) to 1e-5 relative.
 *
 * <p>Needs Debian's {@code python3-torch} ({@code apt-get install -y python3-torch}, as
 * {@code .ci/run} does); without it the test is skipped, saying so. Both sides start from the same
 * normalized log-mel (this project's, written as .npy): the front end has its own tests.
 */
class ReleasedCheckpointImportTest {

    /** Clip lengths in seconds: shorter than a chunk, exactly one (zero padding adds a whole chunk), several. */
    private static final double[] SECONDS = {1.3, 2.0, 4.7};

    private static String python;

    @TempDir
    static Path dir;

    private static List<Path> wavs;
    private static List<Path> features;

    @BeforeAll
    static void audio() throws IOException {
        python = findPython().orElse(null);
        wavs = new ArrayList<>();
        features = new ArrayList<>();
        Random random = new Random(13);
        for (int i = 0; i < SECONDS.length; i++) {
            float[] clip = new float[(int) (SECONDS[i] * LogMel.SAMPLE_RATE)];
            for (int n = 0; n < clip.length; n++) {
                double t = n / (double) LogMel.SAMPLE_RATE;
                clip[n] = (float) (0.3 * Math.sin(2 * Math.PI * (220 * (i + 1)) * t * (1 + t))
                        + 0.05 * random.nextGaussian());
            }
            Path wav = dir.resolve("clip" + i + ".wav");
            WavWriter.writePcm16(wav, clip, LogMel.SAMPLE_RATE);
            wavs.add(wav);
        }
    }

    @ParameterizedTest(name = "{0} blocks, rope {1}")
    @CsvSource({"plusplus, false", "vanilla, false", "plusplus, true"})
    void importedModelEmbedsLikeThePyTorchModule(String block, boolean rope) throws Exception {
        Assumptions.assumeTrue(python != null,
                "python3 with torch and numpy not found (apt-get install -y python3-torch): released-checkpoint"
                        + " import not compared with PyTorch");
        List<float[][]> mels = featuresOfWavs();
        Path out = Files.createDirectories(dir.resolve(block + "-" + rope));
        List<String> command = new ArrayList<>(List.of(python, script().toString(), out.toString(), block,
                rope ? "1" : "0", "5"));
        features.forEach(f -> command.add(f.toString()));
        run(command);

        for (String file : List.of("checkpoint-3.pth", "model.safetensors")) {
            Path imported = out.resolve("imported-" + file);
            CheckpointImporter.Result r = CheckpointImporter.importTo(out.resolve(file), imported,
                    CheckpointImporter.Options.infer());
            assertEquals(block.equals("plusplus") ? Block.PLUSPLUS : Block.VANILLA, r.config().block());
            assertEquals(rope ? Rope.BOTH : Rope.NONE, r.config().rope());
            assertEquals(rope ? RopeTables.ADDED : RopeTables.REPLACED, r.config().ropeTables());
            assertEquals("micro", r.config().preset());
            String provenance = Files.readString(r.provenance());
            assertTrue(provenance.contains(CheckpointImporter.sha256(out.resolve(file))), provenance);
            try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
                    MaskedAutoencoder mae = MaskedAutoencoder.load(r.modelFile(), manager)) {
                List<float[]> official = new SceneEmbedder(mae, new EmbeddingConfig(Pad.ZERO, Layout.OFFICIAL_AUDIOMAEPP))
                        .embedAll(mels);
                List<float[]> timeMajor = new SceneEmbedder(mae, new EmbeddingConfig(Pad.ZERO, Layout.TIME_MAJOR))
                        .embedAll(mels);
                for (int i = 0; i < mels.size(); i++) {
                    float[] expected = Npy.read(out.resolve("expected-" + i + ".npy")).data();
                    assertEquals(expected.length, official.get(i).length);
                    double error = relativeError(official.get(i), expected);
                    assertTrue(error <= 1e-5, file + " clip " + i + ": relative difference " + error);
                    // the layout is what makes them equal: the correct time-major one gives other numbers
                    assertTrue(relativeError(timeMajor.get(i), expected) > 1e-3, "layouts do not differ for clip " + i);
                }
            }
        }
        ImportException refused = assertThrows(ImportException.class, () -> CheckpointImporter.importTo(
                out.resolve("bad-class.pth"), out.resolve("refused"), CheckpointImporter.Options.infer()));
        assertTrue(refused.getMessage().contains("bad-class.pth") && refused.getMessage().contains("types.SimpleNamespace"),
                refused.getMessage());
    }

    /** Largest absolute difference over the largest magnitude of the reference. */
    private static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / scale;
    }

    /** This project's normalized log-mel of each WAV (as the embed stage computes it), also written as .npy. */
    private static List<float[][]> featuresOfWavs() throws IOException {
        List<float[]> clips = new ArrayList<>();
        for (Path w : wavs) {
            clips.add(AudioReader.readMono16k(w));
        }
        List<float[][]> mels;
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            mels = LogMel.features(manager, clips);
        }
        if (features.isEmpty()) {
            for (int i = 0; i < mels.size(); i++) {
                Path f = dir.resolve("features" + i + ".npy");
                Npy.write(f, mels.get(i));
                features.add(f);
            }
        }
        return mels;
    }

    private static Path script() throws IOException {
        Path s = dir.resolve("official_model.py");
        if (!Files.exists(s)) {
            try (InputStream in = ReleasedCheckpointImportTest.class.getResourceAsStream("/released/official_model.py")) {
                Files.copy(in, s);
            }
        }
        return s;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "python", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish in 5 minutes: " + command);
        }
        assertEquals(0, p.exitValue(), "python failed: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Debian's interpreter first: python3-torch installs into it, not into other pythons on PATH. */
    private static Optional<String> findPython() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch, numpy").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed under this name: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
