package org.audiomaepp.harness.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Setting;
import org.audiomaepp.models.config.Setting.Type;
import org.audiomaepp.models.nn.Precision;
import org.audiomaepp.models.train.PretrainConfig;

/**
 * Every key a sweep may set: the one table that validation, defaults, error suggestions and the
 * documentation come from. The {@code model}, {@code pretrain} and {@code embedding} keys are the
 * models module's own descriptions ({@link ModelConfig#SETTINGS}, {@link PretrainConfig#SETTINGS},
 * {@link EmbeddingConfig#SETTINGS}); this class adds the keys the harness owns (data locations,
 * embedding batch and precision, tasks, probe, synthetic data, Slurm). To add a model key, add it
 * to its record and its {@code SETTINGS}; cross-key rules live beside the settings they read
 * ({@link ModelConfig#RULES}, {@link PretrainConfig#RULES}) or in {@code Rules} for the harness's.
 *
 * <p>Sections: {@code model}, {@code pretrain}, {@code embedding}, {@code tasks}, {@code probe}
 * are in every run's resolved config; {@code synthetic} only when the sweep asks for synthetic
 * data to be generated; {@code slurm} (the jobs' resources under the Slurm executor, the same for
 * every run and in no job key) only when the sweep sets it.
 */
public final class Schema {

    /** Sizes a preset stands for; any of them can be overridden key by key. */
    public record Preset(String name, long width, long depth, long heads, long decoderWidth, long decoderDepth,
            long decoderHeads) {}

    /**
     * Presets of docs/model.md §5, plus {@code micro} and {@code mini} (the project's own sizes for CPU
     * runs and CI), as the models module defines them: one table of sizes for the whole project.
     */
    private static final Map<String, Preset> PRESETS = presets(Arrays.stream(org.audiomaepp.models.config.Preset.values())
            .map(p -> new Preset(p.key(), p.width, p.depth, p.heads, p.decoder.width(), p.decoder.depth(),
                    p.decoder.heads()))
            .toArray(Preset[]::new));

    /** Partition and account names. */
    private static final String SLURM_NAME = "[A-Za-z0-9_.,-]+";
    /** Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
    private static final String SLURM_TIME = "[0-9]+(:[0-9]{1,2}){0,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2}";
    /** Memory with an optional unit (megabytes without). */
    private static final String SLURM_MEM = "[0-9]+[KMGTkmgt]?";

    private static final List<Setting> KEYS = concat(
            // model: the network (docs/model.md §2–7)
            ModelConfig.SETTINGS,
            List.of(
            Setting.of("pretrain.corpus", Type.PATH).optional()
                    .doc("directory of the pretraining clips; required unless pretrain.from is set"),
            Setting.of("pretrain.from", Type.PATH).optional()
                    .doc("start from this checkpoint instead of pretraining: a released .pth or .safetensors file"
                            + " (imported as `harness import` does) or a harness model.bin; keyed by the file's SHA-256,"
                            + " and the recipe keys are ignored")),
            // pretrain: the recipe (docs/model.md §8)
            PretrainConfig.SETTINGS,
            // embedding: frozen scene embeddings (docs/model.md §9)
            EmbeddingConfig.SETTINGS,
            List.of(
            k("embedding.batch_size", Type.INT).atLeast(1).def(64L).doc("2-s chunks per encoder call"),
            k("embedding.precision", Type.ENUM).choices(Precision.class).addedLater("fp32")
                    .doc("matrix products of the encoder, as pretrain.precision"),
            k("embedding.hear_files", Type.BOOL).addedLater(false)
                    .doc("also write hear-eval-kit's per-file layout (SPLIT/FILE.embedding.npy and"
                            + " FILE.target-labels.json) beside the harness's"),
            // tasks (docs/protocol.md §1–2)
            k("tasks.dir", Type.PATH).required().doc("directory holding the HEAR task directories"),
            k("tasks.suite", Type.ENUM).choices(org.audiomaepp.tasks.hear.KnownTasks.suites().keySet()).optional()
                    .doc("all ten HEAR tasks, or the ten synthetic ones (tiny or small scale); give suite or names"),
            k("tasks.names", Type.STRING_LIST).optional().doc("task ids (BO, E50, ...) or directory names"),
            // probe (docs/protocol.md §4–5)
            k("probe.grid", Type.ENUM).choices("restricted", "hear-full").def("restricted")
                    .doc("restricted = dropout {0.1, 0.25} (the papers'), hear-full = hear-eval-kit's grid"),
            k("probe.seeds", Type.INT).atLeast(1).def(10L).doc("probe seeds 0..n-1 per (model, task)"),
            k("probe.max_epochs", Type.INT).atLeast(1).def(500L).doc("upper bound on probe epochs (early stopping decides)"),
            k("probe.batch", Type.BOOL).def(true)
                    .doc("fit the probes of all seeds together as one batched network where that pays (a CPU fits embeddings"
                            + " 1024 or more wide one seed after another anyway; false: always one seed after another)"),
            // synthetic: generate synthetic tasks and corpus when missing (docs/architecture.md §7)
            k("synthetic.scale", Type.ENUM).choices("tiny", "small").def("tiny").doc("size of the generated data"),
            k("synthetic.seed", Type.INT).atLeast(0).def(0L).doc("seed of the generated data (same seed, same bytes)"),
            k("synthetic.corpus_clips", Type.INT).atLeast(1).optional()
                    .doc("clips in the generated pretraining corpus; absent = the scale's (64 tiny, 320 small). The tasks"
                            + " do not change; a larger corpus starts with the scale's clips"),
            // slurm: resources of the jobs under `harness run --executor slurm` (not part of any job key)
            k("slurm.partition", Type.STRING).pattern(SLURM_NAME).doc("partition (sbatch --partition); default: the cluster's"),
            k("slurm.account", Type.STRING).pattern(SLURM_NAME).doc("account to charge (sbatch --account)"),
            k("slurm.time", Type.STRING).pattern(SLURM_TIME)
                    .doc("time limit per job: MM, HH:MM:SS or D-HH:MM (sbatch --time); quote it"),
            k("slurm.mem", Type.STRING).pattern(SLURM_MEM).doc("memory per job, e.g. 16G (sbatch --mem)"),
            k("slurm.cpus", Type.INT).atLeast(1).doc("cores per job (sbatch --cpus-per-task); the job's threads"),
            k("slurm.gpus", Type.INT).atLeast(0).doc("GPUs per job (sbatch --gres=gpu:N); 0 = none, run on CPU"),
            k("slurm.extra", Type.STRING_LIST).doc("more sbatch options, one per item, e.g. [--qos=high]"),
            k("slurm.setup", Type.STRING_LIST)
                    .doc("shell lines run before each job, e.g. [module load cuda/12.4]"),
            stageKey("features", "partition"), stageKey("features", "time"), stageKey("features", "mem"),
            stageKey("features", "cpus"), stageKey("features", "gpus"), stageKey("features", "extra"),
            stageKey("pretrain", "partition"), stageKey("pretrain", "time"), stageKey("pretrain", "mem"),
            stageKey("pretrain", "cpus"), stageKey("pretrain", "gpus"), stageKey("pretrain", "extra"),
            stageKey("embed", "partition"), stageKey("embed", "time"), stageKey("embed", "mem"),
            stageKey("embed", "cpus"), stageKey("embed", "gpus"), stageKey("embed", "extra"),
            stageKey("probe", "partition"), stageKey("probe", "time"), stageKey("probe", "mem"),
            stageKey("probe", "cpus"), stageKey("probe", "gpus"), stageKey("probe", "extra")));

    /** Sections that are in a run's config only when the sweep uses one of their keys. */
    static final Set<String> OPTIONAL_SECTIONS = Set.of("synthetic", "slurm");

    /**
     * Sections that apply to the whole sweep, set once at the top level: they may not vary between
     * runs (no grid, zip, include or exclude keys).
     */
    static final Set<String> SWEEP_WIDE_SECTIONS = Set.of("slurm");

    private static final Map<String, Setting> BY_PATH = index();

    private Schema() {}

    /** All keys, in table order (the order of a resolved config). */
    public static List<Setting> keys() {
        return KEYS;
    }

    /** The key at a dotted path. */
    public static Optional<Setting> key(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    /** Section names in table order. */
    public static List<String> sections() {
        Set<String> s = new LinkedHashSet<>();
        KEYS.forEach(k -> s.add(k.section()));
        return List.copyOf(s);
    }

    /**
     * A section's values without the keys added later that stand at their defaults: what a job key
     * holds, so that the jobs made before such a key existed keep their keys.
     */
    public static Map<String, Object> withoutAddedLaterDefaults(String section, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        for (Setting k : KEYS) {
            if (k.addedLater() && k.section().equals(section)) {
                out.remove(k.name(), k.defaultValue());
            }
        }
        return out;
    }

    /** The presets by name. */
    public static Map<String, Preset> presets() {
        return PRESETS;
    }

    /**
     * The table as Markdown (key, type and allowed values, default, meaning), for documentation;
     * sweeps/README.md carries a copy that a test keeps current.
     */
    public static String markdown() {
        StringBuilder sb = new StringBuilder("| key | allowed | default | meaning |\n|---|---|---|---|\n");
        for (Setting k : KEYS) {
            String def = switch (k.presence()) {
                case DEFAULT -> "`" + (k.defaultValue() instanceof List<?> l ? l.toString() : Canonical.text(k.defaultValue()))
                        + "`" + (k.addedLater() ? " (+)" : "");
                case DERIVED -> k.path().startsWith("model.") ? "from preset" : "batch_size";
                case REQUIRED -> "**required**";
                case OPTIONAL -> "-";
            };
            sb.append("| `").append(k.path()).append("` | ").append(k.allowed().replace("|", "\\|"))
                    .append(" | ").append(def).append(" | ").append(k.doc()).append(" |\n");
        }
        sb.append("\n(+) added after runs were made: at its default the key stays out of the resolved config and the"
                + " job keys, so those runs keep their keys.\n");
        sb.append("\n| preset | width | depth | heads | decoder width | decoder depth | decoder heads |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Preset p : PRESETS.values()) {
            sb.append("| ").append(p.name()).append(" | ").append(p.width()).append(" | ").append(p.depth())
                    .append(" | ").append(p.heads()).append(" | ").append(p.decoderWidth()).append(" | ")
                    .append(p.decoderDepth()).append(" | ").append(p.decoderHeads()).append(" |\n");
        }
        return sb.toString();
    }

    /** Whether {@code path} is a group of keys rather than a key ({@code model}, {@code model.decoder}). */
    static boolean isGroup(String path) {
        String prefix = path + ".";
        return KEYS.stream().anyMatch(k -> k.path().startsWith(prefix));
    }

    /** The names one level below {@code prefix} ("" for the sections), e.g. width, decoder, ... */
    static List<String> children(String prefix) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        Set<String> names = new LinkedHashSet<>();
        for (Setting k : KEYS) {
            if (k.path().startsWith(p)) {
                String rest = k.path().substring(p.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return List.copyOf(names);
    }

    /** All keys below {@code prefix} ("" for all), relative to it, e.g. decoder.width under model. */
    static List<String> below(String prefix) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        List<String> out = new ArrayList<>();
        for (Setting k : KEYS) {
            if (k.path().startsWith(p)) {
                out.add(k.path().substring(p.length()));
            }
        }
        return out;
    }

    private static Map<String, Setting> index() {
        Map<String, Setting> m = new LinkedHashMap<>();
        for (Setting k : KEYS) {
            if (m.put(k.path(), k) != null) {
                throw new IllegalStateException("schema lists " + k.path() + " twice");
            }
        }
        return m;
    }

    private static Map<String, Preset> presets(Preset... presets) {
        Map<String, Preset> m = new LinkedHashMap<>();
        for (Preset p : presets) {
            m.put(p.name(), p);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Setting.Builder k(String path, Type type) {
        return Setting.of(path, type);
    }

    /** The lists one after the other, unmodifiable. */
    @SafeVarargs
    static <T> List<T> concat(List<? extends T>... parts) {
        List<T> all = new ArrayList<>();
        for (List<? extends T> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }

    /** {@code slurm.<stage>.<resource>}: the sweep-wide resource for one stage's jobs only. */
    private static Setting stageKey(String stage, String resource) {
        Setting.Builder b = switch (resource) {
            case "partition" -> k("slurm." + stage + ".partition", Type.STRING).pattern(SLURM_NAME);
            case "time" -> k("slurm." + stage + ".time", Type.STRING).pattern(SLURM_TIME);
            case "mem" -> k("slurm." + stage + ".mem", Type.STRING).pattern(SLURM_MEM);
            case "cpus" -> k("slurm." + stage + ".cpus", Type.INT).atLeast(1);
            case "gpus" -> k("slurm." + stage + ".gpus", Type.INT).atLeast(0);
            case "extra" -> k("slurm." + stage + ".extra", Type.STRING_LIST);
            default -> throw new IllegalArgumentException(resource);
        };
        return b.doc("slurm." + resource + " for " + stage + " jobs" + (resource.equals("extra") ? " (added after it)" : ""));
    }
}
