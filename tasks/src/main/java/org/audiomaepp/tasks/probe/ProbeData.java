package org.audiomaepp.tasks.probe;

import org.audiomaepp.tasks.hear.Split;
import org.audiomaepp.tasks.hear.PredictionType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.audiomaepp.tasks.metrics.Metrics;

/**
 * Everything a probe run needs, in memory: the embeddings of every HEAR split, how the splits
 * rotate, the label count, the prediction type and the task's metrics (primary first).
 */
public record ProbeData(
        String taskName,
        Map<String, SplitData> splits,
        List<Split> rotation,
        int nLabels,
        PredictionType predictionType,
        Metrics metrics) {

    public ProbeData {
        splits = Map.copyOf(splits);
        rotation = List.copyOf(rotation);
        int dim = -1;
        for (Split r : rotation) {
            List<String> names = new ArrayList<>(r.trainSplits());
            names.add(r.validSplit());
            names.add(r.testSplit());
            for (String n : names) {
                SplitData s = splits.get(n);
                if (s == null) {
                    throw new IllegalArgumentException("task " + taskName + " has no split " + n);
                }
                if (dim >= 0 && s.dim() != dim) {
                    throw new IllegalArgumentException("split " + n + " has embedding dim " + s.dim() + ", others " + dim);
                }
                dim = s.dim();
            }
        }
    }

    /** The embedding dimension. */
    public int dim() {
        return splits.values().iterator().next().dim();
    }

    /** The training rows of a rotation: its train splits concatenated in order. */
    SplitData trainOf(Split r) {
        if (r.trainSplits().size() == 1) {
            return splits.get(r.trainSplits().get(0));
        }
        List<String> files = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int n = 0;
        for (String name : r.trainSplits()) {
            n += splits.get(name).size();
        }
        float[] x = new float[n * dim()];
        int at = 0;
        for (String name : r.trainSplits()) {
            SplitData s = splits.get(name);
            files.addAll(s.files());
            labels.addAll(s.labels());
            System.arraycopy(s.x(), 0, x, at, s.x().length);
            at += s.x().length;
        }
        return new SplitData(String.join("+", r.trainSplits()), files, x, dim(), labels);
    }
}
