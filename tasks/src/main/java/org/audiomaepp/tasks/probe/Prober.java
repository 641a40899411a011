package org.audiomaepp.tasks.probe;

import org.audiomaepp.tasks.hear.Split;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.audiomaepp.tasks.metrics.Metric;

/**
 * Probes one embedding set on one task with every seed, as hear-eval-kit does per seed: every grid
 * point is trained on rotation split 0, the point with the best validation primary score (the
 * first of equals) is kept, and the other splits are trained with it; split 0's result is the
 * chosen point's own run. Batched mode trains all members of a split that share an architecture
 * as one {@link BatchedProbe}; sequential mode trains each member alone. Both give each seed the
 * same result (up to float rounding of the batched matmuls).
 */
public final class Prober {
    /**
     * From this embedding width on, a CPU probes one seed after another even where batching is
     * asked for: there batching all seeds is slower on wide embeddings (10 seeds at 3840 wide: 216 s
     * batched, 107 s sequential on one core) and even on narrow ones (README, ProbeBenchmark).
     */
    public static final int CPU_SEQUENTIAL_FROM_DIM = 1024;

    private final ProbeConfig config;
    private final Consumer<String> log;
    private final Device device;

    /** A prober on the engine's default device, logging progress lines to {@code log}. */
    public Prober(ProbeConfig config, Consumer<String> log) {
        this(config, log, null);
    }

    /** A prober on {@code device} (null: the engine's default). */
    public Prober(ProbeConfig config, Consumer<String> log, Device device) {
        this.config = config;
        this.log = log;
        this.device = device;
    }

    /**
     * Whether batching the seeds pays on {@code device} (null: the engine's default) for embeddings
     * {@code dim} wide: everywhere but on a CPU from {@link #CPU_SEQUENTIAL_FROM_DIM} on.
     */
    public static boolean batchingPays(Device device, int dim) {
        Device d = device == null ? ai.djl.engine.Engine.getInstance().defaultDevice() : device;
        return d.isGpu() || dim < CPU_SEQUENTIAL_FROM_DIM;
    }

    /** {@code config}, batched only where {@link #batchingPays} on {@code device} for {@code dim}-wide embeddings. */
    public static ProbeConfig modeFor(ProbeConfig config, Device device, int dim) {
        return config.withBatched(config.batched() && batchingPays(device, dim));
    }

    /** Runs the whole protocol on the data. */
    public ProbeResult run(ProbeData data) {
        long start = System.nanoTime();
        List<GridPoint> points = config.grid().points();
        List<Split> rotation = data.rotation();
        Metric primary = data.metrics().primary();
        try (NDManager base = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device)) {
            BatchedProbe probe = new BatchedProbe(base, config, data.predictionType(), data.metrics(), data.nLabels());

            List<Member> gridMembers = new ArrayList<>();
            for (int seed : config.seeds()) {
                for (int g = 0; g < points.size(); g++) {
                    gridMembers.add(new Member(seed, 0, g, points.get(g)));
                }
            }
            Map<Member, MemberFit> split0 = fitSplit(probe, data, 0, gridMembers);

            Map<Integer, Integer> chosen = new LinkedHashMap<>();
            Map<Integer, List<Double>> gridScores = new LinkedHashMap<>();
            for (int seed : config.seeds()) {
                int best = -1;
                double bestScore = Double.NEGATIVE_INFINITY;
                List<Double> scores = new ArrayList<>();
                for (int g = 0; g < points.size(); g++) {
                    double v = split0.get(new Member(seed, 0, g, points.get(g))).validPrimary(primary);
                    scores.add(v);
                    if (best < 0 || v > bestScore) {
                        best = g;
                        bestScore = v;
                    }
                }
                chosen.put(seed, best);
                gridScores.put(seed, scores);
            }

            Map<Member, MemberFit> fits = new LinkedHashMap<>(split0);
            for (int s = 1; s < rotation.size(); s++) {
                List<Member> members = new ArrayList<>();
                for (int seed : config.seeds()) {
                    int g = chosen.get(seed);
                    members.add(new Member(seed, s, g, points.get(g)));
                }
                fits.putAll(fitSplit(probe, data, s, members));
            }

            List<SeedResult> seeds = new ArrayList<>();
            for (int seed : config.seeds()) {
                int g = chosen.get(seed);
                List<SplitResult> splits = new ArrayList<>();
                for (int s = 0; s < rotation.size(); s++) {
                    MemberFit f = fits.get(new Member(seed, s, g, points.get(g)));
                    Split r = rotation.get(s);
                    SplitData test = data.splits().get(r.testSplit());
                    splits.add(new SplitResult(r, r.testSplit(), f.bestEpoch(), f.epochsTrained(), f.validScores(),
                            f.testScores(), test.files(), test.labels(), f.testProbs(), f.wallSeconds()));
                }
                seeds.add(new SeedResult(seed, g, points.get(g), gridScores.get(seed), splits));
            }
            return new ProbeResult(data, config, points, seeds, (System.nanoTime() - start) / 1e9);
        }
    }

    private Map<Member, MemberFit> fitSplit(BatchedProbe probe, ProbeData data, int s, List<Member> members) {
        Split r = data.rotation().get(s);
        SplitData train = data.trainOf(r);
        SplitData valid = data.splits().get(r.validSplit());
        SplitData test = data.splits().get(r.testSplit());
        List<List<Member>> groups = new ArrayList<>();
        if (config.batched()) {
            Map<String, List<Member>> byArch = new LinkedHashMap<>();
            for (Member m : members) {
                byArch.computeIfAbsent(m.point().hiddenLayers() + "x" + m.point().hiddenDim(), k -> new ArrayList<>()).add(m);
            }
            groups.addAll(byArch.values());
        } else {
            members.forEach(m -> groups.add(List.of(m)));
        }
        Map<Member, MemberFit> out = new LinkedHashMap<>();
        for (List<Member> group : groups) {
            long t0 = System.nanoTime();
            List<MemberFit> fits = probe.fit(train, valid, test, group);
            for (MemberFit f : fits) {
                out.put(f.member(), f);
            }
            log.accept(String.format(java.util.Locale.ROOT, "%s split %d/%d (test %s): %d probe(s) in %.1f s",
                    data.taskName(), s + 1, data.rotation().size(), r.testSplit(), group.size(), (System.nanoTime() - t0) / 1e9));
        }
        return out;
    }
}
