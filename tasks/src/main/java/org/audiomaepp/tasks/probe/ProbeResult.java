package org.audiomaepp.tasks.probe;

import java.util.List;
import org.audiomaepp.tasks.metrics.Metric;
import org.audiomaepp.tasks.metrics.StudentT;

/** The outcome of probing one embedding set on one task with every seed. */
public record ProbeResult(ProbeData data, ProbeConfig config, List<GridPoint> gridPoints, List<SeedResult> seeds,
        double wallSeconds) {

    /** Mean over seeds and 95 % Student-t half-width of one metric. */
    public record Summary(Metric metric, int n, double mean, double std, double ci95) {}

    /** The per-seed test scores of a metric, in seed order. */
    public double[] perSeed(Metric m) {
        return seeds.stream().mapToDouble(s -> s.testScore(m)).toArray();
    }

    /** Mean ± 95 % half-width over seeds, for a metric. */
    public Summary summary(Metric m) {
        double[] v = perSeed(m);
        return new Summary(m, v.length, StudentT.mean(v), v.length > 1 ? StudentT.sampleStd(v) : Double.NaN,
                StudentT.halfWidth95(v));
    }

    /** Summaries for every metric of the task, primary first. */
    public List<Summary> summaries() {
        return data.metrics().all().stream().map(this::summary).toList();
    }
}
