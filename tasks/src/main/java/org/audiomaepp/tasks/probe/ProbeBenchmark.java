package org.audiomaepp.tasks.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.audiomaepp.tasks.hear.PredictionType;
import org.audiomaepp.tasks.hear.Split;
import org.audiomaepp.tasks.metrics.Metric;
import org.audiomaepp.tasks.metrics.Metrics;

/**
 * Wall time of probing all seeds as one batched model versus one seed at a time, on random but
 * learnable embeddings (a Gaussian cluster per label) of a chosen shape. Run by hand, e.g.
 *
 * <pre>
 * java -cp harness/target/harness.jar org.audiomaepp.tasks.probe.ProbeBenchmark \
 *     dim=3840 clips=2500 folds=5 labels=10 seeds=10 maxEpochs=6
 * java -cp harness/target/harness.jar org.audiomaepp.tasks.probe.ProbeBenchmark \
 *     dim=64 clips=150 folds=3 labels=4 seeds=10
 * </pre>
 *
 * Keys (defaults): dim (3840), clips (2500, spread evenly over the folds), folds (5), labels (10),
 * seeds (10), maxEpochs (500), batch (1024), spread (cluster std relative to unit-variance centres,
 * 3.0), modes (batched,sequential). Prints each mode's wall and process CPU time (the latter is
 * less disturbed by other load on a shared machine), the ratio and the largest per-seed difference
 * of the primary test score between the modes.
 */
public final class ProbeBenchmark {
    private ProbeBenchmark() {}

    public static void main(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("arguments are key=value, got " + a);
            }
            opt.put(kv[0], kv[1]);
        }
        int dim = Integer.parseInt(opt.getOrDefault("dim", "3840"));
        int clips = Integer.parseInt(opt.getOrDefault("clips", "2500"));
        int folds = Integer.parseInt(opt.getOrDefault("folds", "5"));
        int labels = Integer.parseInt(opt.getOrDefault("labels", "10"));
        int seeds = Integer.parseInt(opt.getOrDefault("seeds", "10"));
        int maxEpochs = Integer.parseInt(opt.getOrDefault("maxEpochs", "500"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "1024"));
        double spread = Double.parseDouble(opt.getOrDefault("spread", "3.0"));
        List<String> modes = List.of(opt.getOrDefault("modes", "batched,sequential").split(","));

        ProbeData data = clusters(folds, clips / folds, dim, labels, spread, 1234);
        ProbeConfig base = ProbeConfig.defaults().withSeeds(ProbeConfig.seedsUpTo(seeds)).withBatchSize(batch)
                .withSchedule(maxEpochs, 3, 20);
        System.out.printf(Locale.ROOT, "data: %d folds x %d clips, dim %d, %d labels; %d seeds, grid %s, max %d epochs%n",
                folds, clips / folds, dim, labels, seeds, base.grid().cliName(), maxEpochs);
        Map<String, ProbeResult> results = new LinkedHashMap<>();
        for (String mode : modes) {
            boolean batched = mode.equals("batched");
            long cpu0 = processCpuNanos();
            ProbeResult r = new Prober(base.withBatched(batched), line -> System.out.println("  " + line)).run(data);
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            results.put(mode, r);
            ProbeResult.Summary s = r.summary(Metric.TOP1_ACC);
            int epochs = r.seeds().stream().flatMap(x -> x.splits().stream()).mapToInt(SplitResult::epochsTrained).sum();
            System.out.printf(Locale.ROOT, "%-10s wall %.1f s  cpu %.1f s  top1_acc %.4f +/- %.4f  epochs trained (all seeds and splits) %d%n",
                    mode, r.wallSeconds(), cpu, s.mean(), s.ci95(), epochs);
        }
        if (results.size() == 2) {
            ProbeResult b = results.get("batched");
            ProbeResult q = results.get("sequential");
            double maxDiff = 0;
            for (int i = 0; i < seeds; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(b.seeds().get(i).testScore(Metric.TOP1_ACC)
                        - q.seeds().get(i).testScore(Metric.TOP1_ACC)));
            }
            System.out.printf(Locale.ROOT, "sequential / batched wall time: %.2f; max per-seed |top1 diff| %.2e%n",
                    q.wallSeconds() / b.wallSeconds(), maxDiff);
        }
    }

    /** CPU time of the whole process (JVM and native engine threads). */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** A k-fold multiclass task of Gaussian clusters around random unit-variance centres. */
    static ProbeData clusters(int folds, int perFold, int dim, int nLabels, double spread, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[nLabels][dim];
        for (float[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) r.nextGaussian();
            }
        }
        Map<String, SplitData> splits = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            String name = String.format(Locale.ROOT, "fold%02d", f);
            names.add(name);
            List<String> files = new ArrayList<>();
            List<int[]> labels = new ArrayList<>();
            float[] x = new float[perFold * dim];
            for (int i = 0; i < perFold; i++) {
                int c = r.nextInt(nLabels);
                for (int d = 0; d < dim; d++) {
                    x[i * dim + d] = (float) (centres[c][d] + spread * r.nextGaussian());
                }
                files.add(name + "_" + i + ".wav");
                labels.add(new int[] {c});
            }
            splits.put(name, new SplitData(name, files, x, dim, labels));
        }
        List<Split> rotation = new ArrayList<>();
        for (int i = 0; i < folds; i++) {
            String test = names.get(i);
            String valid = names.get((i + 1) % folds);
            rotation.add(new Split(i, names.stream().filter(n -> !n.equals(test) && !n.equals(valid)).toList(), valid, test));
        }
        return new ProbeData("benchmark", splits, rotation, nLabels, PredictionType.MULTICLASS,
                Metrics.fromNames(List.of("top1_acc")));
    }
}
