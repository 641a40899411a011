package org.audiomaepp.tasks.probe;

import java.util.List;
import java.util.stream.IntStream;

/**
 * How to probe: the grid, the seeds, the training schedule and whether the seeds of one task train
 * together as one batched model. Defaults ({@link #defaults()}) are the protocol's: seeds 0..9,
 * batch 1024, at most 500 epochs, validation every 3 epochs, patience 20 validations.
 */
public record ProbeConfig(
        Grid grid, List<Integer> seeds, int batchSize, int maxEpochs, int validEvery, int patience, boolean batched) {

    public ProbeConfig {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty() || batchSize < 2 || maxEpochs < 1 || validEvery < 1 || patience < 1) {
            throw new IllegalArgumentException("bad probe config: seeds " + seeds + ", batch " + batchSize
                    + ", epochs " + maxEpochs + ", validEvery " + validEvery + ", patience " + patience);
        }
        if (seeds.stream().distinct().count() != seeds.size() || seeds.stream().anyMatch(s -> s < 0)) {
            throw new IllegalArgumentException("seeds must be distinct and non-negative: " + seeds);
        }
    }

    /** The protocol's settings: restricted grid, seeds 0..9, batched. */
    public static ProbeConfig defaults() {
        return new ProbeConfig(Grid.RESTRICTED, seedsUpTo(10), 1024, 500, 3, 20, true);
    }

    /** Seeds 0..n-1. */
    public static List<Integer> seedsUpTo(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    public ProbeConfig withGrid(Grid g) {
        return new ProbeConfig(g, seeds, batchSize, maxEpochs, validEvery, patience, batched);
    }

    public ProbeConfig withSeeds(List<Integer> s) {
        return new ProbeConfig(grid, s, batchSize, maxEpochs, validEvery, patience, batched);
    }

    public ProbeConfig withSchedule(int maxEpochs, int validEvery, int patience) {
        return new ProbeConfig(grid, seeds, batchSize, maxEpochs, validEvery, patience, batched);
    }

    public ProbeConfig withBatchSize(int b) {
        return new ProbeConfig(grid, seeds, b, maxEpochs, validEvery, patience, batched);
    }

    public ProbeConfig withBatched(boolean b) {
        return new ProbeConfig(grid, seeds, batchSize, maxEpochs, validEvery, patience, b);
    }
}
