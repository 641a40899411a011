package org.audiomaepp.harness.testing;

import java.nio.file.Path;
import java.util.Map;
import org.audiomaepp.harness.exec.FakeStages;
import org.audiomaepp.harness.jobs.JobGraph;

/** Job graphs over {@link TestData} with {@link FakeStages}' versions. */
public final class Graphs {
    private Graphs() {}

    /** A graph of one run per config, named r0, r1, … */
    @SafeVarargs
    public static JobGraph of(Map<String, Object>... configs) {
        JobGraph g = new JobGraph(new FakeStages().get(), "test");
        for (int i = 0; i < configs.length; i++) {
            g.addRun("r" + i, configs[i]);
        }
        return g;
    }

    /** The standard two-task config under {@code root}. */
    public static Map<String, Object> twoTasks(Path root) {
        return TestData.config(TestData.corpus(root), TestData.tasks(root, "t1", "t2"));
    }
}
