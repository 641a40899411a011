package org.audiomaepp.harness.report;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.audiomaepp.harness.BadInputException;

/** The metrics a probe reports (protocol §6), spelled as in {@code scores.csv} and hear-eval-kit. */
public enum Metric {
    TOP1_ACC("top1_acc"),
    PITCH_ACC("pitch_acc"),
    CHROMA_ACC("chroma_acc"),
    MAP("mAP"),
    AUCROC("aucroc"),
    D_PRIME("d_prime");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    /** The name used in CSV files. */
    public String id() {
        return id;
    }

    /** Parses a CSV metric name; {@code where} names the file and row for the error message. */
    public static Metric parse(String id, String where) {
        for (Metric m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new BadInputException(where + ": unknown metric '" + id + "'; use one of "
                + Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", ")));
    }
}
