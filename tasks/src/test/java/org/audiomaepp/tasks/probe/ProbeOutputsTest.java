package org.audiomaepp.tasks.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.audiomaepp.tasks.hear.HearTaskReader;
import org.audiomaepp.tasks.metrics.Metric;
import org.audiomaepp.tasks.metrics.Predictions;
import org.audiomaepp.tasks.metrics.StudentT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void outputsMirrorHearEvalKitAndPredictionsRescoreToTheReportedScores() throws Exception {
        ProbeData data = Embeddings.load(ProbeTaskDirs.embeddings(tmp.resolve("emb"), 12, 6),
                HearTaskReader.read(ProbeTaskDirs.task(tmp, 12)));
        ProbeConfig config = ProbeConfig.defaults().withSeeds(List.of(0, 1)).withBatchSize(16).withSchedule(6, 3, 2);
        ProbeResult result = new Prober(config, line -> {}).run(data);
        Path out = tmp.resolve("out");
        ProbeOutputs.write(out, result, "emb");

        JsonNode hear = new ObjectMapper().readTree(out.resolve("seed1/test.predicted-scores.json").toFile());
        for (String fold : ProbeTaskDirs.FOLDS) {
            JsonNode split = hear.get(fold);
            assertEquals(split.get("test_top1_acc").asDouble(), split.get("test_score").asDouble());
            assertTrue(split.has("validation_score") && split.has("epoch") && split.has("test_mAP"));
        }
        JsonNode agg = hear.get("aggregated_scores");
        double mean = 0;
        for (String fold : ProbeTaskDirs.FOLDS) {
            mean += hear.get(fold).get("test_score").asDouble() / 3;
        }
        assertEquals(mean, agg.get("test_score_mean").asDouble(), 1e-12);
        assertEquals(result.seeds().get(1).chosen().name(), hear.get("hparams").get("name").asText());

        // re-score fold01's predictions from the CSV alone
        List<float[]> probs = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(out.resolve("seed1/fold01.predictions.csv"))) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                targets.add(Arrays.stream(rec.get("target").split(" ")).mapToInt(Integer::parseInt).toArray());
                probs.add(new float[] {Float.parseFloat(rec.get("p0")), Float.parseFloat(rec.get("p1")), Float.parseFloat(rec.get("p2"))});
            }
        }
        Predictions p = new Predictions(probs.toArray(float[][]::new), targets, 3);
        assertEquals(hear.get("fold01").get("test_top1_acc").asDouble(), Metric.TOP1_ACC.score(p).value(), 1e-12);
        assertEquals(hear.get("fold01").get("test_mAP").asDouble(), Metric.MAP.score(p).value(), 1e-6);

        JsonNode scores = new ObjectMapper().readTree(out.resolve("scores.json").toFile());
        JsonNode top1 = scores.get("summary").get("top1_acc");
        double[] perSeed = {top1.get("per_seed").get(0).asDouble(), top1.get("per_seed").get(1).asDouble()};
        assertEquals(StudentT.halfWidth95(perSeed), top1.get("ci95").asDouble(), 1e-12);
        List<String> csv = Files.readAllLines(out.resolve("scores.csv"));
        assertEquals(1 + 2 * 2, csv.size());
        assertEquals("task,embeddings,seed,metric,test_score,validation_score,grid_point,wall_seconds", csv.get(0));
        assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size());
    }
}
