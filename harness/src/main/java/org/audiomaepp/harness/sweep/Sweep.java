package org.audiomaepp.harness.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated, expanded sweep file: what {@link SweepLoader#load} returns.
 *
 * @param name        the sweep's name (results go to {@code results/sweeps/<name>/})
 * @param description free text from the file ("" when absent)
 * @param file        the file it came from, as given
 * @param runs        the runs in a stable order: grid order (first grid key slowest, zip
 *                    innermost), then the includes in file order
 * @param axes        dotted keys that appear in run names and {@link Run#axes()}, in name order
 */
public record Sweep(String name, String description, Path file, List<Run> runs, List<String> axes) {

    public Sweep {
        runs = List.copyOf(runs);
        axes = List.copyOf(axes);
    }

    /** The run of that name. */
    public Optional<Run> run(String runName) {
        return runs.stream().filter(r -> r.name().equals(runName)).findFirst();
    }
}
