package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.audiomaepp.tasks.audio.WavWriter;
import org.audiomaepp.tasks.probe.Embeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProbeCommandTest {
    private static final List<String> FOLDS = List.of("fold00", "fold01", "fold02");
    private static final int PER_FOLD = 9;

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private Run harness(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path task() throws IOException {
        Path dir = tmp.resolve("toy-v1-full");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("task_metadata.json"), """
                {"task_name": "toy", "version": "v1", "mode": "full", "embedding_type": "scene",
                 "prediction_type": "multiclass", "split_mode": "new_split_kfold", "nfolds": 3,
                 "sample_duration": 0.01, "evaluation": ["top1_acc"], "splits": ["fold00", "fold01", "fold02"]}
                """);
        Files.writeString(dir.resolve("labelvocabulary.csv"), "idx,label\n0,a\n1,b\n2,c\n");
        for (String fold : FOLDS) {
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < PER_FOLD; i++) {
                entries.add("\"" + fold + "_" + i + ".wav\": [\"" + "abc".charAt(i % 3) + "\"]");
                WavWriter.writePcm16(dir.resolve("16000").resolve(fold).resolve(fold + "_" + i + ".wav"), new float[160], 16000);
            }
            Files.writeString(dir.resolve(fold + ".json"), "{" + String.join(", ", entries) + "}");
        }
        return dir;
    }

    private Path embeddings(int skipInLastFold) throws IOException {
        Path dir = tmp.resolve("emb");
        Random r = new Random(3);
        for (String fold : FOLDS) {
            int n = fold.equals("fold02") ? PER_FOLD - skipInLastFold : PER_FOLD;
            List<String> files = new ArrayList<>();
            List<List<String>> labels = new ArrayList<>();
            float[][] rows = new float[n][4];
            for (int i = 0; i < n; i++) {
                files.add(fold + "_" + i + ".wav");
                labels.add(List.of(String.valueOf("abc".charAt(i % 3))));
                for (int d = 0; d < 4; d++) {
                    rows[i][d] = (float) ((d == i % 3 ? 2 : 0) + 0.2 * r.nextGaussian());
                }
            }
            Embeddings.writeSplit(dir, fold, files, labels, rows);
        }
        return dir;
    }

    @Test
    void probeWritesScoresAndPrintsASummaryTable() throws Exception {
        Path out = tmp.resolve("out");
        Run run = harness("probe", "--embeddings", embeddings(0).toString(), "--task", task().toString(),
                "--seeds", "2", "--out", out.toString(), "--max-epochs", "3");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("top1_acc"), run.out());
        assertTrue(Files.isRegularFile(out.resolve("scores.json")));
        assertTrue(Files.isRegularFile(out.resolve("seed1/fold02.predictions.csv")));
        assertEquals(1 + 2, Files.readAllLines(out.resolve("scores.csv")).size());
    }

    @Test
    void embeddingsMissingAFileAreABadInputNamingIt() throws Exception {
        Run run = harness("probe", "--embeddings", embeddings(1).toString(), "--task", task().toString(),
                "--seeds", "1", "--out", tmp.resolve("out").toString(), "--max-epochs", "1");
        assertEquals(ExitCodes.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("fold02_8.wav"), run.err());
    }

    @Test
    void unknownGridIsABadInput() throws Exception {
        Run run = harness("probe", "--embeddings", embeddings(0).toString(), "--task", task().toString(), "--grid", "huge");
        assertEquals(ExitCodes.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("restricted"), run.err());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "--device {0}")
    @org.junit.jupiter.params.provider.CsvSource({"gpu0, 'cpu, gpu or gpu:N'", "cuda:0, 'cpu, gpu or gpu:N'",
            "gpu:1, 'gpu:1 is not visible'"})
    void theProbeTakesTheOneDeviceSyntaxAndRefusesInvisibleGpus(String device, String message) throws Exception {
        Run run = harness("probe", "--embeddings", embeddings(0).toString(), "--task", task().toString(), "--device", device);
        assertEquals(ExitCodes.BAD_INPUT, run.exit());
        assertTrue(run.err().contains(message), run.err());
    }
}
