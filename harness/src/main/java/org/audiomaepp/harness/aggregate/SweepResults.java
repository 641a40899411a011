package org.audiomaepp.harness.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.report.PretrainingJson;
import org.audiomaepp.harness.report.RunProvenance;
import org.audiomaepp.harness.report.RunProvenance.TaskState;
import org.audiomaepp.harness.report.RunProvenance.TaskStatus;
import org.audiomaepp.harness.report.RunsJson;
import org.audiomaepp.harness.report.ScoreRow;
import org.audiomaepp.harness.report.ScoresCsv;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.JobState;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.sweep.Manifest;
import org.audiomaepp.harness.sweep.Run;
import org.audiomaepp.harness.sweep.Sweep;
import org.audiomaepp.tasks.hear.KnownTask;
import org.audiomaepp.models.train.Pretrainer;
import org.audiomaepp.tasks.hear.KnownTasks;

/**
 * A sweep's results as they stand in the store: per run × task the probe job's per-seed scores
 * (the report's {@code scores.csv}) and per run where they came from (its {@code runs.json}).
 *
 * <p>Every run × task cell gets a state: {@code DONE} (the probe job is done and its scores were
 * read), {@code FAILED} (the probe job failed, with its recorded message; or a job it needs failed,
 * "skipped: parent X failed"; or its outputs hold no readable scores) or {@code MISSING} (not run
 * yet, or running now).
 *
 * <p>{@code runs.json} holds, per run, the fields of {@link RunProvenance} and two more that the
 * report does not read: {@code jobs} (per job of the run: id, state, host, wall seconds and the
 * command that runs it alone, {@code harness job STAGE/KEY --store DIR}) and, at the top,
 * {@code wallSecondsNote}. A run's {@code wallSeconds} per stage is the sum over the run's done
 * jobs of that stage; a job shared by several runs (the features job, a pretraining shared by
 * runs that differ only in the probe) is counted in every run that uses it, so the runs' times do
 * not add up to the sweep's. {@code command} re-runs the sweep the run belongs to (jobs already
 * done are skipped, so it runs what this run lacks). {@code gitCommit}, {@code versions} and
 * {@code device} (on a CPU with the kernels' {@code cpu_capability}, e.g. {@code cpu (avx2)}) come
 * from the {@code DONE} records of the run's jobs; where the jobs disagree the
 * distinct values are listed, separated by {@code ", "} (a device list then starts with the
 * non-CPU devices, so that a run that used a GPU anywhere is not taken for a bit-exact CPU run).
 */
public final class SweepResults {

    /** What the {@code wallSecondsNote} of {@code runs.json} says. */
    public static final String WALL_SECONDS_NOTE = "wallSeconds per stage sums the run's done jobs of that stage;"
            + " a job shared by several runs (e.g. features) is counted in each of them";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Sweep sweep;
    private final List<ScoreRow> scores;
    private final List<RunProvenance> runs;
    private final Map<String, List<Map<String, Object>>> jobsByRun;
    private final List<PretrainingJson.RunCurve> curves;

    private SweepResults(Sweep sweep, List<ScoreRow> scores, List<RunProvenance> runs,
            Map<String, List<Map<String, Object>>> jobsByRun, List<PretrainingJson.RunCurve> curves) {
        this.sweep = sweep;
        this.scores = List.copyOf(scores);
        this.runs = List.copyOf(runs);
        this.jobsByRun = jobsByRun;
        this.curves = List.copyOf(curves);
    }

    /** The directory a sweep's report goes to: beside its manifest, {@code <results>/sweeps/<name>/}. */
    public static Path directory(Path resultsDir, String sweepName) {
        return Manifest.path(resultsDir, sweepName).getParent();
    }

    /**
     * Collects the results of {@code sweep}, whose runs were expanded into {@code graph}, from
     * {@code store}. Reads only; runs nothing.
     */
    public static SweepResults collect(Sweep sweep, JobGraph graph, Store store) {
        Map<String, JobSpec> specs = new LinkedHashMap<>();
        graph.jobs().forEach(j -> specs.put(j.id(), j));
        Collector c = new Collector(store, specs);
        List<ScoreRow> scores = new ArrayList<>();
        List<RunProvenance> runs = new ArrayList<>();
        Map<String, List<Map<String, Object>>> jobsByRun = new LinkedHashMap<>();
        List<PretrainingJson.RunCurve> curves = new ArrayList<>();
        for (JobGraph.RunJobs rj : graph.runs()) {
            Run run = sweep.run(rj.run()).orElseThrow(() -> new IllegalArgumentException(
                    "the job graph has a run " + rj.run() + " that sweep " + sweep.name() + " does not"));
            List<String> runJobIds = runJobIds(rj, specs);
            Map<String, TaskStatus> tasks = new LinkedHashMap<>();
            for (String id : runJobIds) {
                JobSpec probe = specs.get(id);
                if (!probe.stage().equals("probe")) {
                    continue;
                }
                String task = String.valueOf(probe.config().get("task"));
                tasks.put(task, c.cell(run.name(), task, probe, scores));
            }
            List<Map<String, Object>> jobs = new ArrayList<>();
            runJobIds.forEach(id -> jobs.add(c.jobEntry(id)));
            jobsByRun.put(run.name(), jobs);
            runs.add(c.provenance(sweep, run, runJobIds, tasks));
            curves.add(c.curve(run, rj.pretrain()));
        }
        return new SweepResults(sweep, scores, runs, jobsByRun, curves);
    }

    /** Every per-seed score, in run, task (graph order), seed, metric order. */
    public List<ScoreRow> scores() {
        return scores;
    }

    /** Per run, its provenance and the state of each of its tasks. */
    public List<RunProvenance> runs() {
        return runs;
    }

    /** Per run, its pretraining curve or why it has none ({@code pretraining.json}). */
    public List<PretrainingJson.RunCurve> curves() {
        return curves;
    }

    /** Number of run × task cells in each state. */
    public Map<TaskState, Integer> cellCounts() {
        Map<TaskState, Integer> n = new LinkedHashMap<>();
        for (TaskState s : TaskState.values()) {
            n.put(s, 0);
        }
        runs.forEach(r -> r.tasks().values().forEach(t -> n.merge(t.state(), 1, Integer::sum)));
        return n;
    }

    /** Writes {@code scores.csv}, {@code runs.json} and {@code pretraining.json} into {@code dir} (created if missing). */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        ScoresCsv.write(dir.resolve("scores.csv"), scores);
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("sweep", sweep.name());
        top.put("description", sweep.description());
        top.put("file", sweep.file().toString());
        top.put("wallSecondsNote", WALL_SECONDS_NOTE);
        List<Map<String, Object>> runList = new ArrayList<>();
        for (RunProvenance r : runs) {
            Map<String, Object> m = JSON.convertValue(r, new TypeReference<LinkedHashMap<String, Object>>() {});
            m.put("jobs", jobsByRun.get(r.name()));
            runList.add(m);
        }
        top.put("runs", runList);
        try {
            FileTrees.writeAtomically(dir.resolve("runs.json"), JSON.writeValueAsString(top) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the runs of " + sweep.name(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("runs.json"), e);
        }
        // Read back through the report's own reader: a file the report cannot read fails here, not later.
        RunsJson.read(dir.resolve("runs.json"));
        PretrainingJson.write(dir.resolve(PretrainingJson.FILE),
                new PretrainingJson.SweepCurves(PretrainingCurves.MAX_POINTS, curves));
    }

    /** The run's job ids in graph order (features, pretrain, then embed and probe per task). */
    private static List<String> runJobIds(JobGraph.RunJobs rj, Map<String, JobSpec> specs) {
        Set<String> mine = new LinkedHashSet<>();
        mine.add(rj.features());
        mine.add(rj.pretrain());
        mine.addAll(rj.embed().values());
        mine.addAll(rj.probe().values());
        return specs.keySet().stream().filter(mine::contains).toList();
    }

    /** Reads the store once per job and keeps what it read. */
    private static final class Collector {
        private final Store store;
        private final Map<String, JobSpec> specs;
        private final Map<String, Optional<Map<String, Object>>> done = new LinkedHashMap<>();
        private final Map<String, Optional<FailureRecord>> failed = new LinkedHashMap<>();
        private final Map<Path, Optional<KnownTask>> columns = new LinkedHashMap<>();

        Collector(Store store, Map<String, JobSpec> specs) {
            this.store = store;
            this.specs = specs;
        }

        Optional<Map<String, Object>> done(String id) {
            return done.computeIfAbsent(id, store::readDone);
        }

        Optional<FailureRecord> failed(String id) {
            return failed.computeIfAbsent(id, store::readFailed);
        }

        /** The state of one run × task cell; adds its scores to {@code scores} when it is done. */
        TaskStatus cell(String run, String task, JobSpec probe, List<ScoreRow> scores) {
            String id = probe.id();
            if (done(id).isPresent()) {
                ProbeScores.Read read;
                try {
                    read = ProbeScores.read(store.outputDir(id));
                } catch (IOException e) {
                    return new TaskStatus(TaskState.FAILED, "probe job " + id + " is done but its scores cannot be read: "
                            + e.getMessage());
                }
                String paper = paperColumn(task, probe);
                read.scores().stream()
                        .sorted(Comparator.comparingInt(ProbeScores.Score::seed))
                        .forEach(s -> scores.add(new ScoreRow(run, task, paper, s.seed(), s.metric(), s.value(), s.primary())));
                String note = read.dropped().isEmpty() ? ""
                        : "left out (not a number): " + String.join("; ", read.dropped());
                return new TaskStatus(TaskState.DONE, note);
            }
            Optional<FailureRecord> f = failed(id);
            if (f.isPresent()) {
                return new TaskStatus(TaskState.FAILED, failureText(f.get()));
            }
            Optional<String> parent = failedAncestor(id);
            if (parent.isPresent()) {
                return new TaskStatus(TaskState.FAILED, "skipped: parent " + parent.get() + " failed ("
                        + failureText(failed(parent.get()).orElseThrow()) + ")");
            }
            JobState state = Files.isDirectory(store.jobDir(id)) ? store.state(id) : JobState.PENDING;
            return new TaskStatus(TaskState.MISSING, state == JobState.RUNNING
                    ? "running now (" + id + ")" : "not run yet (" + id + ")");
        }

        /** The nearest failed job among the ancestors of {@code id}, breadth first. */
        private Optional<String> failedAncestor(String id) {
            List<String> todo = new ArrayList<>(specs.get(id).parents());
            Set<String> seen = new LinkedHashSet<>();
            while (!todo.isEmpty()) {
                String p = todo.remove(0);
                if (!seen.add(p) || done(p).isPresent()) {
                    continue;
                }
                if (failed(p).isPresent()) {
                    return Optional.of(p);
                }
                JobSpec spec = specs.get(p);
                if (spec != null) {
                    todo.addAll(spec.parents());
                }
            }
            return Optional.empty();
        }

        private static String failureText(FailureRecord f) {
            return f.summary();
        }

        /**
         * The paper's column a task directory stands in: the task itself if it is one of the ten,
         * else the task its {@code synthetic_counterpart} names, else "" (not a paper task).
         */
        private String paperColumn(String task, JobSpec probe) {
            Object dir = probe.config().get("task_dir");
            Path taskDir = dir == null ? Path.of(task) : Path.of(dir.toString());
            return columns.computeIfAbsent(taskDir, d -> knownTask(task, d)).map(KnownTask::column).orElse("");
        }

        private static Optional<KnownTask> knownTask(String task, Path taskDir) {
            Optional<KnownTask> direct = KnownTasks.byDirectory(task);
            if (direct.isPresent()) {
                return direct;
            }
            Path metadata = taskDir.resolve("task_metadata.json");
            if (Files.isRegularFile(metadata)) {
                try {
                    JsonNode counterpart = JSON.readTree(metadata.toFile()).get("synthetic_counterpart");
                    if (counterpart != null && counterpart.isTextual()) {
                        return KnownTasks.byDirectory(counterpart.asText());
                    }
                    return Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
            // The task data is gone (a report long after the run): synthetic stand-ins are known by name.
            return KnownTasks.all().stream()
                    .filter(k -> task.equals(k.syntheticDirectory("tiny")) || task.equals(k.syntheticDirectory("small")))
                    .findFirst();
        }

        /**
         * A run's pretraining curve from its pretrain job's {@code train_log.csv}; where the job has no
         * log, the model's origin (the {@value PretrainingCurves#ORIGIN_FIELD} text of the job's
         * {@code pretrain.json}, else the run's {@code pretrain.from}) or why there is no curve.
         */
        PretrainingJson.RunCurve curve(Run run, String pretrainId) {
            String origin = configOrigin(run);
            if (pretrainId == null) {
                return new PretrainingJson.RunCurve(run.name(), "", 0, origin, "the run has no pretrain job", List.of());
            }
            if (done(pretrainId).isEmpty()) {
                String why = failed(pretrainId).map(f -> "pretrain job " + pretrainId + " failed: " + failureText(f))
                        .orElse("pretrain job " + pretrainId + " has not finished");
                return new PretrainingJson.RunCurve(run.name(), pretrainId, 0, origin, why, List.of());
            }
            Path out = store.outputDir(pretrainId);
            origin = PretrainingCurves.origin(out.resolve(PretrainingCurves.RECORD_FILE)).orElse(origin);
            Path log = out.resolve(Pretrainer.LOG_FILE);
            if (!Files.isRegularFile(log)) {
                return new PretrainingJson.RunCurve(run.name(), pretrainId, 0, origin,
                        "pretrain job " + pretrainId + " wrote no " + Pretrainer.LOG_FILE, List.of());
            }
            List<PretrainingJson.Point> steps;
            try {
                steps = PretrainingCurves.read(log);
            } catch (IOException e) {
                return new PretrainingJson.RunCurve(run.name(), pretrainId, 0, origin,
                        "cannot read " + log + ": " + e.getMessage(), List.of());
            }
            List<PretrainingJson.Point> points = PretrainingCurves.downsample(steps, PretrainingCurves.MAX_POINTS);
            String note = steps.isEmpty()
                    ? "pretrain job " + pretrainId + " ran no optimizer step: the encoder is its random initialization"
                    : points.isEmpty() ? "no finite loss in the " + steps.size() + " steps of " + log : "";
            return new PretrainingJson.RunCurve(run.name(), pretrainId, steps.size(), origin, note, points);
        }

        private static String configOrigin(Run run) {
            if (run.config().get("pretrain") instanceof Map<?, ?> p && p.get("from") != null) {
                return "pretrain.from: " + p.get("from");
            }
            return null;
        }

        /** One entry of a run's {@code jobs} list in {@code runs.json}. */
        Map<String, Object> jobEntry(String id) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            Optional<Map<String, Object>> d = done(id);
            m.put("state", d.isPresent() ? "DONE" : failed(id).isPresent() ? "FAILED" : "MISSING");
            d.ifPresent(rec -> {
                m.put("host", rec.get("host"));
                m.put("device", rec.get("device"));
                m.put("cpuCapability", rec.get("cpu_capability"));
                m.put("wallSeconds", rec.get("wall_seconds"));
            });
            Object rerun = d.map(rec -> rec.get("rerun")).orElse(null);
            m.put("rerun", rerun != null ? rerun.toString() : "harness job " + id + " --store " + store.root());
            return m;
        }

        /**
         * A job's device as the report and baseline show it: on a CPU with the kernels' instruction
         * set its {@code DONE} records, e.g. {@code cpu (avx2)}, since that decides the last bits.
         */
        private static String deviceText(Map<String, Object> rec) {
            String device = rec.get("device").toString();
            Object capability = rec.get("cpu_capability");
            return capability != null && device.toLowerCase(java.util.Locale.ROOT).startsWith("cpu")
                    ? device + " (" + capability + ")" : device;
        }

        RunProvenance provenance(Sweep sweep, Run run, List<String> jobIds, Map<String, TaskStatus> tasks) {
            Map<String, String> axes = new LinkedHashMap<>();
            run.axes().forEach((k, v) -> axes.put(k, String.valueOf(v)));
            Map<String, List<String>> keys = new LinkedHashMap<>();
            Map<String, Double> wall = new LinkedHashMap<>();
            for (String stage : StageRegistry.STAGES) {
                keys.put(stage, new ArrayList<>());
            }
            Set<String> commits = new LinkedHashSet<>();
            Set<String> devices = new LinkedHashSet<>();
            Map<String, Set<String>> versions = new LinkedHashMap<>();
            Map<String, String> checkpoint = new LinkedHashMap<>();
            for (String id : jobIds) {
                JobSpec spec = specs.get(id);
                if (spec.stage().equals("pretrain") && spec.config().get("from") != null
                        && spec.keyMaterial().get("data") instanceof Map<?, ?> data
                        && data.get("checkpoint") instanceof Map<?, ?> fp) {
                    checkpoint.put("file", spec.config().get("from").toString());
                    checkpoint.put("sha256", String.valueOf(fp.get("fingerprint")));
                }
                keys.computeIfAbsent(spec.stage(), s -> new ArrayList<>()).add(spec.key());
                Optional<Map<String, Object>> d = done(id);
                if (d.isEmpty()) {
                    continue;
                }
                Map<String, Object> rec = d.get();
                if (rec.get("wall_seconds") instanceof Number n) {
                    wall.merge(spec.stage(), n.doubleValue(), Double::sum);
                }
                if (rec.get("git_commit") != null) {
                    commits.add(rec.get("git_commit").toString());
                }
                if (rec.get("device") != null) {
                    devices.add(deviceText(rec));
                }
                if (rec.get("versions") instanceof Map<?, ?> v) {
                    v.forEach((k, val) -> versions.computeIfAbsent(String.valueOf(k), x -> new LinkedHashSet<>())
                            .add(String.valueOf(val)));
                }
            }
            Map<String, String> versionText = new LinkedHashMap<>();
            versions.forEach((k, v) -> versionText.put(k, String.join(", ", v)));
            List<String> deviceList = new ArrayList<>(devices);
            // Non-CPU devices first: a device text starting with "cpu" promises bit-exact reruns.
            deviceList.sort(Comparator.comparing(dev -> dev.toLowerCase(java.util.Locale.ROOT).startsWith("cpu")));
            String command = "harness run " + sweep.file() + " --store " + store.root();
            return new RunProvenance(run.name(), axes, run.config(), keys,
                    commits.isEmpty() ? "unknown" : String.join(", ", commits), versionText,
                    String.join(", ", deviceList), wall, command, tasks, checkpoint);
        }
    }
}
