package org.audiomaepp.tasks.probe;

import org.audiomaepp.tasks.hear.Split;
import org.audiomaepp.tasks.hear.PredictionType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.audiomaepp.tasks.metrics.Metrics;

/** Gaussian clusters around one random centre per label, in memory, for probe tests. */
final class SyntheticProbeData {
    private SyntheticProbeData() {}

    /**
     * A k-fold multiclass task; {@code spread} is the cluster standard deviation relative to unit
     * distances between centres; {@code randomLabels} relabels every clip uniformly at random.
     */
    static ProbeData multiclass(int folds, int perFold, int dim, int nLabels, double spread, boolean randomLabels, long seed) {
        Random r = new Random(seed);
        float[][] centres = centres(r, nLabels, dim);
        Map<String, SplitData> splits = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            String name = String.format("fold%02d", f);
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
                labels.add(new int[] {randomLabels ? r.nextInt(nLabels) : c});
            }
            splits.put(name, new SplitData(name, files, x, dim, labels));
        }
        return new ProbeData("synthetic", splits, kFold(names), nLabels, PredictionType.MULTICLASS,
                Metrics.fromNames(List.of("top1_acc")));
    }

    /** A train/valid/test multilabel task: label c is present when coordinate c of the clip is positive. */
    static ProbeData multilabel(int perSplit, int dim, int nLabels, long seed) {
        Random r = new Random(seed);
        Map<String, SplitData> splits = new LinkedHashMap<>();
        for (String name : List.of("train", "valid", "test")) {
            List<String> files = new ArrayList<>();
            List<int[]> labels = new ArrayList<>();
            float[] x = new float[perSplit * dim];
            for (int i = 0; i < perSplit; i++) {
                List<Integer> on = new ArrayList<>();
                for (int d = 0; d < dim; d++) {
                    x[i * dim + d] = (float) r.nextGaussian();
                    if (d < nLabels && x[i * dim + d] > 0) {
                        on.add(d);
                    }
                }
                files.add(name + "_" + i + ".wav");
                labels.add(on.stream().mapToInt(Integer::intValue).toArray());
            }
            splits.put(name, new SplitData(name, files, x, dim, labels));
        }
        return new ProbeData("synthetic-ml", splits, List.of(new Split(0, List.of("train"), "valid", "test")), nLabels, PredictionType.MULTILABEL,
                Metrics.fromNames(List.of("mAP", "aucroc", "d_prime")));
    }

    /** Folds as hear-eval-kit rotates them (names are given sorted). */
    static List<Split> kFold(List<String> folds) {
        List<Split> out = new ArrayList<>();
        int k = folds.size();
        for (int i = 0; i < k; i++) {
            String test = folds.get(i);
            String valid = folds.get((i + 1) % k);
            out.add(new Split(i, folds.stream().filter(f -> !f.equals(test) && !f.equals(valid)).toList(), valid, test));
        }
        return out;
    }

    private static float[][] centres(Random r, int n, int dim) {
        float[][] c = new float[n][dim];
        for (float[] row : c) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) r.nextGaussian();
            }
        }
        return c;
    }
}
