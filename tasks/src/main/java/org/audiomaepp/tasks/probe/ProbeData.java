package org.audiomaepp.tasks.probe;

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
        List<ProbeSplit> rotation,
        int nLabels,
        PredictionType predictionType,
        Metrics metrics) {

    public ProbeData {
        splits = Map.copyOf(splits);
        rotation = List.copyOf(rotation);
        int dim = -1;
        for (ProbeSplit r : rotation) {
            List<String> names = new ArrayList<>(r.train());
            names.add(r.valid());
            names.add(r.test());
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
    SplitData trainOf(ProbeSplit r) {
        if (r.train().size() == 1) {
            return splits.get(r.train().get(0));
        }
        List<String> files = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int n = 0;
        for (String name : r.train()) {
            n += splits.get(name).size();
        }
        float[] x = new float[n * dim()];
        int at = 0;
        for (String name : r.train()) {
            SplitData s = splits.get(name);
            files.addAll(s.files());
            labels.addAll(s.labels());
            System.arraycopy(s.x(), 0, x, at, s.x().length);
            at += s.x().length;
        }
        return new SplitData(String.join("+", r.train()), files, x, dim(), labels);
    }
}
