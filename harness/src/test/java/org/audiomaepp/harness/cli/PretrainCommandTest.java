package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.train.Pretrainer;
import org.audiomaepp.models.train.TrainableModel;
import org.audiomaepp.tasks.audio.WavWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PretrainCommandTest {

    @TempDir
    Path tmp;
    Path corpus;

    /** Five clips of tones in noise, 1 to 3 s (two shorter than a 2-s crop). */
    @BeforeEach
    void writeCorpus() throws IOException {
        corpus = tmp.resolve("corpus");
        SplittableRandom rng = new SplittableRandom(1);
        double[] seconds = {1.0, 2.5, 3.0, 1.5, 2.2};
        for (int c = 0; c < seconds.length; c++) {
            float[] samples = new float[(int) (seconds[c] * 16000)];
            double hz = 200 + 150 * c;
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 16000) + 0.05 * rng.nextGaussian());
            }
            WavWriter.writePcm16(corpus.resolve("set" + c % 2).resolve("clip" + c + ".wav"), samples, 16000);
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private String[] args(Path out, String epochs, String... extra) {
        List<String> a = new ArrayList<>(List.of("pretrain", "--corpus", corpus.toString(), "--out", out.toString(),
                "--model", "micro", "--epochs", epochs, "--batch-size", "2", "--micro-batch", "1", "--checkpoint-every", "1",
                "--base-lr", "1e-3", "--seed", "4"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void pretrainsTheMicroModelOnWavFilesAndResumesOrRefusesOnRerun() throws IOException {
        Path out = tmp.resolve("run");
        Run first = run(args(out, "2", "mask_ratio=0.75"));
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("trained steps 1 to 4 of 4"), first.out());
        List<String> log = Files.readAllLines(out.resolve(Pretrainer.LOG_FILE));
        assertEquals(5, log.size(), "header + 2 epochs x 2 steps: " + log);
        assertTrue(Files.isRegularFile(out.resolve("features/index.csv")));

        try (NDManager manager = NDManager.newBaseManager();
                MaskedAutoencoder mae = MaskedAutoencoder.load(out.resolve("final").resolve(TrainableModel.MODEL_FILE), manager)) {
            assertEquals(0.75, mae.config().maskRatio());
            assertEquals(ModelConfig.fromMap(java.util.Map.of("preset", "micro", "mask_ratio", 0.75)), mae.config());
        }

        Run again = run(args(out, "2", "mask_ratio=0.75"));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("already complete"), again.out());
        assertEquals(log, Files.readAllLines(out.resolve(Pretrainer.LOG_FILE)));

        Run other = run(args(out, "3", "mask_ratio=0.75"));
        assertEquals(ExitCodes.BAD_INPUT, other.exit(), other.err());
        assertTrue(other.err().contains("pretrain.epochs: checkpoint 2, now 3"), other.err());
    }

    @Test
    void badOptionsAreUserErrors() {
        Run badKey = run(args(tmp.resolve("a"), "2", "mask_ration=0.5"));
        assertEquals(ExitCodes.BAD_INPUT, badKey.exit());
        assertTrue(badKey.err().contains("mask_ratio"), badKey.err());

        Run gpu = run(args(tmp.resolve("b"), "2", "--device", "gpu:3"));
        assertEquals(ExitCodes.BAD_INPUT, gpu.exit());
        assertTrue(gpu.err().contains("gpu:3 is not visible") && gpu.err().contains("-Pcuda"), gpu.err());

        Run bf16 = run(args(tmp.resolve("d"), "2", "--precision", "bf16"));
        assertEquals(ExitCodes.BAD_INPUT, bf16.exit());
        assertTrue(bf16.err().contains("no bfloat16 case in GetScalarTypeFromDType"), bf16.err());

        Run tf32 = run(args(tmp.resolve("e"), "2", "--precision", "tf32"));
        assertEquals(ExitCodes.BAD_INPUT, tf32.exit());
        assertTrue(tf32.err().contains("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1"), tf32.err());

        Run bigBatch = run("pretrain", "--corpus", corpus.toString(), "--out", tmp.resolve("c").toString(),
                "--model", "micro", "--epochs", "1", "--batch-size", "64");
        assertEquals(ExitCodes.BAD_INPUT, bigBatch.exit());
        assertTrue(bigBatch.err().contains("--batch-size 5"), bigBatch.err());
    }
}
