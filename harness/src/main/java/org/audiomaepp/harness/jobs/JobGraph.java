package org.audiomaepp.harness.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.sweep.Canonical;
import org.audiomaepp.harness.sweep.Schema;

/**
 * Expands runs into the job graph {@code features → pretrain → embed → probe}, giving every job a
 * content key and sharing jobs with equal keys. A run with {@code pretrain.from} has no features
 * job: its pretrain job imports (or copies) that checkpoint, keyed by the file's SHA-256 and the
 * model config, not by its path or the recipe.
 *
 * <p>Per run: one {@code features} job for the pretraining corpus; one {@code pretrain} job (model
 * config, recipe, seed) on it; per selected task one {@code embed} job and one {@code probe} job
 * (all probe seeds inside the one job, since seeds are trained batched). Two runs, or two sweeps,
 * asking for the same work get the same key and therefore the same job.
 *
 * <p>A key is the SHA-256 of the canonical JSON ({@link Canonical}) of the job's key material:
 * <pre>
 * { "stage":   "embed",
 *   "config":  the stage's resolved config without data locations (corpus, task_dir),
 *   "parents": ["pretrain/&lt;key&gt;"],
 *   "code":    { "project": "&lt;project version&gt;", "stage": "&lt;stage implementation version&gt;" },
 *   "data":    { "task": { "name": "esc50-v2.0.0-full", "present": true, "fingerprint": "…" } } }
 * </pre>
 */
public final class JobGraph {

    /** Config entries that say where data lives; they are replaced by fingerprints in the key. */
    static final Set<String> LOCATIONS = Set.of("corpus", "task_dir", "from");

    private final StageRegistry registry;
    private final String projectVersion;
    private final Map<String, JobSpec> jobs = new LinkedHashMap<>();
    private final List<RunJobs> runs = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final Map<Path, Map<String, Object>> fingerprintCache = new HashMap<>();

    /**
     * The jobs of one run.
     *
     * @param run      the run's name
     * @param features id of the features job, or null when the run starts from a checkpoint
     * @param pretrain id of the pretrain job
     * @param embed    embed job id per task directory name
     * @param probe    probe job id per task directory name
     */
    public record RunJobs(String run, String features, String pretrain, Map<String, String> embed, Map<String, String> probe) {}

    /**
     * @param registry       gives each stage's code version
     * @param projectVersion the project's version, part of every key
     */
    public JobGraph(StageRegistry registry, String projectVersion) {
        this.registry = registry;
        this.projectVersion = projectVersion;
    }

    /** Adds one run (its fully resolved config with sections model, pretrain, embedding, tasks, probe). */
    public RunJobs addRun(String runName, Map<String, Object> config) {
        // keys added later (embedding.precision, model.mlp_ratio, ...) at their defaults: same work, same key
        Map<String, Object> model = Schema.withoutAddedLaterDefaults("model", section(runName, config, "model"));
        Map<String, Object> pretrain = Schema.withoutAddedLaterDefaults("pretrain", section(runName, config, "pretrain"));
        Map<String, Object> embedding = Schema.withoutAddedLaterDefaults("embedding", section(runName, config, "embedding"));
        Map<String, Object> tasks = section(runName, config, "tasks");
        Map<String, Object> probe = section(runName, config, "probe");

        TaskSelection selection = TaskSelection.of(runName, tasks);
        Object from = pretrain.get("from");
        JobSpec features = null;
        JobSpec pretrainJob;
        if (from != null) {
            Path checkpoint = Path.of(from.toString()).toAbsolutePath().normalize();
            Map<String, Object> fp = fingerprintCache.computeIfAbsent(checkpoint, Fingerprints::checkpoint);
            if (Boolean.FALSE.equals(fp.get("present"))) {
                notes.add("checkpoint " + checkpoint + ": " + Fingerprints.NOT_PRESENT
                        + " (keys that depend on it are provisional)");
            }
            Map<String, Object> importConfig = new LinkedHashMap<>();
            importConfig.put("model", model);
            importConfig.put("from", checkpoint.toString());
            pretrainJob = add("pretrain", importConfig, List.of(), Map.of("checkpoint", fp));
        } else {
            features = featuresJob(runName, config, pretrain);
            Map<String, Object> pretrainConfig = new LinkedHashMap<>();
            pretrainConfig.put("model", model);
            pretrainConfig.put("pretrain", pretrain);
            pretrainJob = add("pretrain", pretrainConfig, List.of(features.id()), Map.of());
        }
        return addTasks(runName, selection, tasks, model, embedding, probe, features, pretrainJob);
    }

    private JobSpec featuresJob(String runName, Map<String, Object> config, Map<String, Object> pretrain) {
        Object corpusValue = pretrain.remove("corpus");
        if (corpusValue == null) {
            throw new BadInputException("run " + runName + ": pretrain.corpus is not set; give the pretraining corpus directory or list file");
        }
        Path corpus = Path.of(corpusValue.toString()).toAbsolutePath().normalize();
        Map<String, Object> featuresConfig = new LinkedHashMap<>();
        featuresConfig.put("corpus", corpus.toString());
        if (config.get("features") instanceof Map<?, ?> f) {
            featuresConfig.put("features", f);
        }
        Map<String, Object> corpusFp = fingerprint(corpus, true);
        return add("features", featuresConfig, List.of(), Map.of("corpus", corpusFp));
    }

    private RunJobs addTasks(String runName, TaskSelection selection, Map<String, Object> tasks,
            Map<String, Object> model, Map<String, Object> embedding, Map<String, Object> probe, JobSpec features,
            JobSpec pretrainJob) {
        notes.addAll(selection.notes());
        Map<String, Object> taskOptions = new LinkedHashMap<>(tasks);
        taskOptions.keySet().removeAll(List.of("dir", "names", "suite"));
        Map<String, String> embedIds = new LinkedHashMap<>();
        Map<String, String> probeIds = new LinkedHashMap<>();
        for (String task : selection.names()) {
            Path taskDir = selection.dir().resolve(task);
            Map<String, Object> taskFp = fingerprint(taskDir, false);

            Map<String, Object> embedConfig = new LinkedHashMap<>();
            embedConfig.put("task", task);
            embedConfig.put("task_dir", taskDir.toString());
            embedConfig.put("task_options", taskOptions);
            embedConfig.put("model", model);
            embedConfig.put("embedding", embedding);
            JobSpec embed = add("embed", embedConfig, List.of(pretrainJob.id()), Map.of("task", taskFp));

            Map<String, Object> probeConfig = new LinkedHashMap<>();
            probeConfig.put("task", task);
            probeConfig.put("task_dir", taskDir.toString());
            probeConfig.put("task_options", taskOptions);
            probeConfig.put("probe", probe);
            JobSpec probeJob = add("probe", probeConfig, List.of(embed.id()), Map.of("task", taskFp));

            embedIds.put(task, embed.id());
            probeIds.put(task, probeJob.id());
        }
        RunJobs r = new RunJobs(runName, features == null ? null : features.id(), pretrainJob.id(), Map.copyOf(embedIds), Map.copyOf(probeIds));
        runs.add(r);
        return r;
    }

    /** Every job, each once, parents before children. */
    public List<JobSpec> jobs() {
        return List.copyOf(jobs.values());
    }

    /** The jobs of every run added, in the order added. */
    public List<RunJobs> runs() {
        return List.copyOf(runs);
    }

    /**
     * True if the job's key is provisional: data it or one of its ancestors reads was not present,
     * so the key will change once the data is there.
     */
    public boolean provisional(String id) {
        JobSpec j = jobs.get(id);
        return j != null && (j.dataMissing() || j.parents().stream().anyMatch(this::provisional));
    }

    /** Things a reader of the plan must know (data not present, tasks unknown). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Builds a job spec from its parts, computing the key. */
    public JobSpec spec(String stage, Map<String, Object> config, List<String> parents, Map<String, Object> data) {
        Map<String, Object> keyConfig = new LinkedHashMap<>(config);
        keyConfig.keySet().removeAll(LOCATIONS);
        Map<String, Object> material = new LinkedHashMap<>();
        material.put("stage", stage);
        material.put("config", keyConfig);
        material.put("parents", parents);
        material.put("code", Map.of("project", projectVersion, "stage", registry.version(stage)));
        material.put("data", data);
        return new JobSpec(stage, keyOf(material), config, parents, material);
    }

    /** The key of a job's key material (used to check a job.json read back from the store). */
    public static String keyOf(Map<String, Object> keyMaterial) {
        return Canonical.sha256(keyMaterial);
    }

    private JobSpec add(String stage, Map<String, Object> config, List<String> parents, Map<String, Object> data) {
        JobSpec spec = spec(stage, config, parents, data);
        return jobs.computeIfAbsent(spec.id(), id -> spec);
    }

    private Map<String, Object> fingerprint(Path path, boolean corpus) {
        return fingerprintCache.computeIfAbsent(path, p -> {
            Map<String, Object> fp = corpus ? Fingerprints.corpus(p) : Fingerprints.task(p);
            if (Boolean.FALSE.equals(fp.get("present"))) {
                notes.add((corpus ? "corpus " : "task ") + p + ": " + Fingerprints.NOT_PRESENT
                        + " (keys that depend on it are provisional)");
            }
            return fp;
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(String run, Map<String, Object> config, String name) {
        Object s = config.get(name);
        if (s instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new BadInputException("run " + run + ": the config has no '" + name + "' section");
    }
}
