package org.audiomaepp.tasks.metrics;

import java.util.List;
import org.audiomaepp.tasks.BadInputException;

/**
 * The metrics of a task in the order of its metadata's {@code evaluation} list; the first is the
 * primary metric, the one that drives early stopping and grid selection.
 */
public record Metrics(List<Metric> all) {
    public Metrics {
        all = List.copyOf(all);
        if (all.isEmpty()) {
            throw new BadInputException("a task needs at least one metric in its 'evaluation' list");
        }
    }

    /** Resolves HEAR metric names, e.g. {@code ["pitch_acc", "chroma_acc"]}. */
    public static Metrics fromNames(List<String> names) {
        return new Metrics(names.stream().map(Metric::byName).toList());
    }

    /** The metric used for early stopping and model selection. */
    public Metric primary() {
        return all.get(0);
    }
}
