package org.audiomaepp.tasks.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.audiomaepp.tasks.BadInputException;

/**
 * The HEAR scene metrics, named as in a task's {@code task_metadata.json} {@code evaluation}
 * list. All are "higher is better".
 */
public enum Metric {
    /** Argmax of the prediction equals the (single) target label. */
    TOP1_ACC("top1_acc") {
        @Override
        public Score score(Predictions p) {
            return accuracy(p, 0);
        }
    },
    /** Same as top1_acc; NSynth pitch's name for it. */
    PITCH_ACC("pitch_acc") {
        @Override
        public Score score(Predictions p) {
            return accuracy(p, 0);
        }
    },
    /** Argmax and target compared as label indices modulo 12 (pitch class, octave ignored). */
    CHROMA_ACC("chroma_acc") {
        @Override
        public Score score(Predictions p) {
            return accuracy(p, 12);
        }
    },
    /** Macro average precision (scikit-learn's {@code average_precision_score}). */
    MAP("mAP") {
        @Override
        public Score score(Predictions p) {
            return Ranking.macro(p, false, Ranking::averagePrecision);
        }
    },
    /** Macro ROC AUC, ties counted half (scikit-learn's {@code roc_auc_score}). */
    AUCROC("aucroc") {
        @Override
        public Score score(Predictions p) {
            return Ranking.macro(p, true, Ranking::rocAuc);
        }
    },
    /**
     * √2·Φ⁻¹(AUC) per class, averaged over classes (HEAR's d'); a class ranked perfectly has
     * AUC 1 and d' = +∞, which then is the average too, as with scipy.
     */
    D_PRIME("d_prime") {
        @Override
        public Score score(Predictions p) {
            return Ranking.macro(p, true, (s, pos) -> Math.sqrt(2) * NormalQuantile.of(Ranking.rocAuc(s, pos)));
        }
    };

    private final String hearName;

    Metric(String hearName) {
        this.hearName = hearName;
    }

    /** The name used in HEAR task metadata and in score files. */
    public String hearName() {
        return hearName;
    }

    /** Scores predictions against targets. */
    public abstract Score score(Predictions p);

    /** The metric called {@code name} in a task's {@code evaluation} list. */
    public static Metric byName(String name) {
        for (Metric m : values()) {
            if (m.hearName.equals(name)) {
                return m;
            }
        }
        throw new BadInputException("unknown metric '" + name + "'; known metrics: "
                + Arrays.stream(values()).map(Metric::hearName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return hearName;
    }

    private static Score accuracy(Predictions p, int modulo) {
        int correct = 0;
        for (int i = 0; i < p.size(); i++) {
            int[] t = p.targets().get(i);
            if (t.length != 1) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "accuracy needs exactly one target per clip; clip %d has %d", i, t.length));
            }
            int predicted = p.argmax(i);
            boolean hit = modulo == 0 ? predicted == t[0] : predicted % modulo == t[0] % modulo;
            correct += hit ? 1 : 0;
        }
        return Score.of(p.size() == 0 ? Double.NaN : (double) correct / p.size());
    }
}
