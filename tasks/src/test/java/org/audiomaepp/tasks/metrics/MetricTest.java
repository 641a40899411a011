package org.audiomaepp.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.audiomaepp.tasks.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricTest {
    private static final double EPS = 1e-9;

    /*
     * Four clips, three labels, label 2 never occurs as a target.
     *   clip  target  probs
     *   0     0       0.7 0.2 0.1
     *   1     1       0.4 0.5 0.1
     *   2     0       0.3 0.6 0.1
     *   3     1       0.2 0.3 0.5
     */
    private static Predictions threeLabels() {
        float[][] probs = {{0.7f, 0.2f, 0.1f}, {0.4f, 0.5f, 0.1f}, {0.3f, 0.6f, 0.1f}, {0.2f, 0.3f, 0.5f}};
        return new Predictions(probs, List.of(new int[] {0}, new int[] {1}, new int[] {0}, new int[] {1}), 3);
    }

    @Test
    void top1AccuracyCountsArgmaxHits() {
        // argmax per clip: 0, 1, 1, 2 -> hits on clips 0 and 1 -> 2/4
        assertEquals(0.5, Metric.TOP1_ACC.score(threeLabels()).value(), EPS);
        assertEquals(0.5, Metric.PITCH_ACC.score(threeLabels()).value(), EPS);
    }

    @Test
    void chromaAccuracyComparesPitchClasses() {
        float[][] probs = new float[2][24];
        probs[0][1] = 1; // predicts index 1, target 13: same pitch class (13 mod 12 = 1)
        probs[1][14] = 1; // predicts index 14, target 13: pitch class 2 vs 1
        Predictions p = new Predictions(probs, List.of(new int[] {13}, new int[] {13}), 24);
        assertEquals(0.5, Metric.CHROMA_ACC.score(p).value(), EPS);
        assertEquals(0.0, Metric.TOP1_ACC.score(p).value(), EPS);
    }

    @Test
    void meanAveragePrecisionSkipsClassWithoutPositives() {
        // label 0: scores 0.7(+) 0.4(-) 0.3(+) 0.2(-)
        //   thresholds 0.7: R=1/2 P=1 -> 0.5; 0.4: R unchanged; 0.3: R=1 P=2/3 -> +1/3; AP = 5/6
        // label 1: scores 0.6(-) 0.5(+) 0.3(+) 0.2(-)
        //   0.6: R=0; 0.5: R=1/2 P=1/2 -> 0.25; 0.3: R=1 P=2/3 -> +1/3; AP = 7/12
        // label 2: no positive -> skipped. mAP = (5/6 + 7/12) / 2 = 17/24
        Score s = Metric.MAP.score(threeLabels());
        assertEquals(17.0 / 24, s.value(), EPS);
        assertEquals(List.of(2), s.skippedClasses());
    }

    @Test
    void rocAucAndDPrimeAverageOverClassesWithBothKinds() {
        // label 0: positives {0.7, 0.3}, negatives {0.4, 0.2}: pairs won 1+1+0+1 = 3 of 4 -> 0.75
        // label 1: positives {0.5, 0.3}, negatives {0.6, 0.2}: 0+1+0+1 = 2 of 4 -> 0.5
        // aucroc = 0.625; d' = (sqrt2*PhiInv(0.75) + sqrt2*PhiInv(0.5)) / 2 = sqrt2*0.6744897501960817/2
        Score auc = Metric.AUCROC.score(threeLabels());
        assertEquals(0.625, auc.value(), EPS);
        assertEquals(List.of(2), auc.skippedClasses());
        assertEquals(Math.sqrt(2) * 0.6744897501960817 / 2, Metric.D_PRIME.score(threeLabels()).value(), 1e-12);
    }

    @Test
    void tiedScoresEnterAsOneThreshold() {
        // scores 0.9(+) 0.8(-) 0.8(+) 0.3(-): 0.9: R=1/2 P=1 -> 0.5; 0.8 (both): R=1 P=2/3 -> +1/3
        // AP = 5/6 whatever the order of the tied pair (not 1, not 0.5 + 1/3 by luck of order).
        // AUC: (0.9>0.8) + (0.9>0.3) + (0.8=0.8 -> 1/2) + (0.8>0.3) = 3.5 of 4
        for (boolean flip : new boolean[] {false, true}) {
            float[][] probs = flip ? new float[][] {{0.9f}, {0.8f}, {0.8f}, {0.3f}} : new float[][] {{0.9f}, {0.8f}, {0.8f}, {0.3f}};
            List<int[]> targets = flip
                    ? List.of(new int[] {0}, new int[] {0}, new int[] {}, new int[] {})
                    : List.of(new int[] {0}, new int[] {}, new int[] {0}, new int[] {});
            Predictions p = new Predictions(probs, targets, 1);
            assertEquals(5.0 / 6, Metric.MAP.score(p).value(), EPS);
            assertEquals(0.875, Metric.AUCROC.score(p).value(), EPS);
        }
    }

    @Test
    void allScoresTiedGiveBaseRateAndHalfAuc() {
        // one threshold: R=1, P=2/4 -> AP = 0.5; every pair tied -> AUC 0.5; d' = 0
        float[][] probs = {{0.5f}, {0.5f}, {0.5f}, {0.5f}};
        Predictions p = new Predictions(probs, List.of(new int[] {0}, new int[] {}, new int[] {0}, new int[] {}), 1);
        assertEquals(0.5, Metric.MAP.score(p).value(), EPS);
        assertEquals(0.5, Metric.AUCROC.score(p).value(), EPS);
        assertEquals(0.0, Metric.D_PRIME.score(p).value(), EPS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // perfect: positives on top -> AP 1, AUC 1, d' = +inf
        "perfect, 0.9, 0.8, 0.2, 0.1, 1.0, 1.0, Infinity",
        // inverse: 0.9(-) 0.8(-) 0.2(+): R=1/2 P=1/3 -> 1/6; 0.1(+): R=1 P=1/2 -> +1/4; AP = 5/12; AUC 0
        "inverse, 0.2, 0.1, 0.9, 0.8, 0.4166666666666667, 0.0, -Infinity",
    })
    void extremeRankings(String name, float a, float b, float c, float d, double ap, double auc, double dPrime) {
        float[][] probs = {{a}, {b}, {c}, {d}};
        Predictions p = new Predictions(probs, List.of(new int[] {0}, new int[] {0}, new int[] {}, new int[] {}), 1);
        assertEquals(ap, Metric.MAP.score(p).value(), EPS);
        assertEquals(auc, Metric.AUCROC.score(p).value(), EPS);
        assertEquals(dPrime, Metric.D_PRIME.score(p).value());
    }

    @Test
    void singleClassWithOnlyPositivesIsSkippedByAucButNotByAp() {
        float[][] probs = {{0.3f}, {0.6f}};
        Predictions p = new Predictions(probs, List.of(new int[] {0}, new int[] {0}), 1);
        assertEquals(1.0, Metric.MAP.score(p).value(), EPS);
        Score auc = Metric.AUCROC.score(p);
        assertEquals(List.of(0), auc.skippedClasses());
        assertEquals(Double.NaN, auc.value());
    }

    @Test
    void metricsResolveByHearNameWithPrimaryFirst() {
        Metrics m = Metrics.fromNames(List.of("pitch_acc", "chroma_acc"));
        assertEquals(Metric.PITCH_ACC, m.primary());
        assertEquals(List.of(Metric.PITCH_ACC, Metric.CHROMA_ACC), m.all());
        assertEquals(Metric.MAP, Metric.byName("mAP"));
        assertThrows(BadInputException.class, () -> Metric.byName("f1"));
    }
}
