package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.BuildVersions;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.stages.BuiltinStages;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.sweep.Manifest;
import org.audiomaepp.harness.sweep.Run;
import org.audiomaepp.harness.sweep.Sweep;
import org.audiomaepp.harness.sweep.SweepLoader;
import org.audiomaepp.tasks.hear.HearTaskReader;
import org.audiomaepp.tasks.hear.Problem;

/**
 * A sweep file loaded and expanded into its job graph: what {@code run}, {@code plan} and
 * {@code status} share.
 */
final class SweepJobs {

    final Sweep sweep;
    final JobGraph graph;
    /** Per job id, the runs that use it. */
    final Map<String, Set<String>> runsOf = new LinkedHashMap<>();

    private SweepJobs(Sweep sweep, JobGraph graph) {
        this.sweep = sweep;
        this.graph = graph;
        for (JobGraph.RunJobs r : graph.runs()) {
            List<String> ids = new ArrayList<>();
            if (r.features() != null) {
                ids.add(r.features());
            }
            ids.add(r.pretrain());
            ids.addAll(r.embed().values());
            ids.addAll(r.probe().values());
            ids.forEach(id -> runsOf.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(r.run()));
        }
    }

    /** Loads the sweep (environment for {@code ${VAR}}) and expands it with the stages' code versions. */
    static SweepJobs load(Path file) {
        return load(file, StageRegistry.fromSystem(BuiltinStages::registry));
    }

    /** {@link #load(Path)} with the stages of {@code registry}. */
    static SweepJobs load(Path file, StageRegistry registry) {
        return expand(SweepLoader.load(file, System.getenv()), registry);
    }

    /** Expands a loaded sweep (fingerprinting the data it names as it is on disk now). */
    static SweepJobs expand(Sweep sweep, StageRegistry registry) {
        JobGraph graph = new JobGraph(registry, projectVersion());
        for (Run run : sweep.runs()) {
            graph.addRun(run.name(), run.config());
        }
        return new SweepJobs(sweep, graph);
    }

    static String projectVersion() {
        return BuildVersions.project();
    }

    /** Throws (exit 2) naming the data that is missing if any job's key is provisional. */
    void requireData() {
        if (graph.jobs().stream().anyMatch(j -> graph.provisional(j.id())) || !graph.notes().isEmpty()) {
            throw new BadInputException(sweep.file() + ": data the sweep needs is not present:\n  "
                    + String.join("\n  ", graph.notes())
                    + "\nput the data there (or fix the paths in the sweep file / the environment variables it reads);"
                    + " 'harness plan " + sweep.file() + "' shows the jobs");
        }
    }

    /**
     * Checks every task directory the sweep names that is present, as {@code harness tasks check}
     * does, and throws (exit 2) listing the errors: a bad task is found before any job starts, not
     * when its embed job runs after pretraining. A missing task is {@link #requireData}'s to report.
     */
    void checkTasks() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (JobSpec j : graph.jobs()) {
            if (j.stage().equals("embed") && j.config().get("task_dir") != null) {
                dirs.add(Path.of(j.config().get("task_dir").toString()));
            }
        }
        List<String> bad = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Problem> errors = HearTaskReader.check(dir).problems().stream().filter(Problem::isError).toList();
            if (!errors.isEmpty()) {
                bad.add(dir + ": " + errors.size() + " error(s)\n    "
                        + String.join("\n    ", errors.stream().map(Problem::toString).toList()));
            }
        }
        if (!bad.isEmpty()) {
            throw new BadInputException(sweep.file() + ": task data the sweep names has errors; nothing was run:\n  "
                    + String.join("\n  ", bad) + "\nfix the task data (`harness tasks check DIR` lists every problem), or"
                    + " leave the task out of the sweep (tasks.names / tasks.suite)");
        }
    }

    /** Writes {@code <results>/sweeps/<name>/manifest.json} with every run's job ids. */
    Path writeManifest(Path resultsDir) {
        Manifest m = Manifest.of(sweep);
        for (JobGraph.RunJobs r : graph.runs()) {
            Map<String, Object> jobs = new LinkedHashMap<>();
            jobs.put("features", r.features());
            jobs.put("pretrain", r.pretrain());
            jobs.put("embed", r.embed());
            jobs.put("probe", r.probe());
            m.put(r.run(), "jobs", jobs);
        }
        return m.write(resultsDir);
    }

    /** The results directory a store belongs to: the store's parent ({@code results/} for {@code results/store}). */
    static Path resultsDirOf(Store store) {
        Path parent = store.root().getParent();
        return parent == null ? store.root() : parent;
    }

    /** Prints the runs and a table of jobs: stage, key prefix, a state column, runs, what. */
    void print(PrintWriter out, Function<JobSpec, String> state) {
        out.printf("sweep %s (%s): %d runs, %d jobs%n", sweep.name(), sweep.file(), sweep.runs().size(), graph.jobs().size());
        out.println("runs:");
        for (Run r : sweep.runs()) {
            out.printf("  %-32s %s%n", r.name(), r.axes());
        }
        out.println("jobs:");
        out.printf("  %-9s %-13s %-8s %-5s %s%n", "STAGE", "KEY", "STATE", "RUNS", "WHAT");
        boolean anyProvisional = false;
        for (JobSpec j : graph.jobs()) {
            boolean provisional = graph.provisional(j.id());
            anyProvisional |= provisional;
            Set<String> runs = runsOf.getOrDefault(j.id(), Set.of());
            String usedBy = runs.size() == 1 ? " [" + runs.iterator().next() + "]" : "";
            out.printf("  %-9s %-13s %-8s %-5d %s%n", j.stage(), j.key().substring(0, 12) + (provisional ? "~" : ""),
                    state.apply(j), runs.size(), j.describe() + usedBy);
        }
        if (anyProvisional) {
            out.println("  (~ provisional key: data it depends on is not present, the key will change once it is)");
            if (sweep.runs().stream().anyMatch(r -> r.value("synthetic").isPresent())) {
                out.println("  ('run' generates the sweep's synthetic: data first when it is missing)");
            }
        }
        if (!graph.notes().isEmpty()) {
            out.println("notes:");
            graph.notes().forEach(n -> out.println("  " + n));
        }
        out.flush();
    }
}
