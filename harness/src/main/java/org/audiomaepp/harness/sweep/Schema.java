package org.audiomaepp.harness.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every key a sweep may set: the one table that validation, defaults, error suggestions and the
 * documentation come from. A key is {@code section.name} (or {@code section.group.name}); to add
 * one, add a line to {@link #KEYS} and, if it interacts with others, a rule to {@code Rules}.
 *
 * <p>Sections: {@code model}, {@code pretrain}, {@code embedding}, {@code tasks}, {@code probe}
 * are in every run's resolved config; {@code synthetic} only when the sweep asks for synthetic
 * data to be generated; {@code slurm} (the jobs' resources under the Slurm executor, the same for
 * every run and in no job key) only when the sweep sets it.
 */
public final class Schema {

    /** What kind of value a key takes, and how it is normalized in a resolved config. */
    public enum Type {
        /** A whole number, normalized to {@link Long}. */
        INT,
        /** A real number, normalized to {@link Double} ({@code 1} and {@code 1.0} are the same). */
        REAL,
        /** {@code true} or {@code false} (YAML 1.2: {@code yes}/{@code no}/{@code on}/{@code off} are strings). */
        BOOL,
        /** One of a fixed set of words, normalized to lower case. */
        ENUM,
        /** Free text, optionally matching a pattern. */
        STRING,
        /** A file or directory path, kept as written (after {@code ${VAR}} substitution). */
        PATH,
        /** A non-empty list of distinct non-empty strings. */
        STRING_LIST
    }

    /** Where a key's value comes from when a sweep does not set it. */
    public enum Presence {
        /** From {@link Key#defaultValue()}. */
        DEFAULT,
        /** Computed from other keys (model sizes from the preset; micro_batch from batch_size). */
        DERIVED,
        /** Must be set in the sweep. */
        REQUIRED,
        /** Left out of the resolved config when not set. */
        OPTIONAL
    }

    /**
     * One key: its dotted path, type, allowed words (ENUM) or range (INT, REAL, bounds exclusive
     * when the matching {@code open} flag is set) or pattern (STRING), default, and what it means.
     */
    public record Key(
            String path,
            Type type,
            List<String> choices,
            Double min,
            boolean minOpen,
            Double max,
            boolean maxOpen,
            Pattern pattern,
            Presence presence,
            Object defaultValue,
            String doc) {

        /** The section this key belongs to ({@code model} for {@code model.decoder.width}). */
        public String section() {
            return path.substring(0, path.indexOf('.'));
        }

        /** What values are allowed, in words, for error messages and documentation. */
        public String allowed() {
            return switch (type) {
                case ENUM -> "one of " + String.join(" | ", choices);
                case BOOL -> "true or false";
                case PATH -> "a path";
                case STRING_LIST -> "a list of names";
                case STRING -> pattern == null ? "text" : "text matching " + pattern.pattern();
                case INT, REAL -> {
                    String kind = type == Type.INT ? "an integer" : "a number";
                    if (min != null && max != null) {
                        yield kind + " in " + (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max) + (maxOpen ? ")" : "]");
                    } else if (min != null) {
                        yield kind + (minOpen ? " > " : " >= ") + fmt(min);
                    } else {
                        yield kind;
                    }
                }
            };
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

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

    private static final List<Key> KEYS = List.of(
            // model: the network (docs/model.md §2–7)
            k("model.preset", Type.ENUM).choices(PRESETS.keySet()).def("base")
                    .doc("size preset; fills width, depth, heads and decoder.* unless they are set"),
            k("model.block", Type.ENUM).choices("vanilla", "plusplus").def("plusplus")
                    .doc("vanilla = MAE baseline (ViT pre-norm), plusplus = AudioMAE++ macaron SwiGLU block"),
            k("model.width", Type.INT).atLeast(1).derived().doc("encoder width D"),
            k("model.depth", Type.INT).atLeast(1).derived().doc("encoder blocks"),
            k("model.heads", Type.INT).atLeast(1).derived().doc("encoder attention heads; must divide width"),
            k("model.tokens", Type.ENUM).choices("patch", "frame").def("patch")
                    .doc("patch = 4 frames x 16 mel (250 tokens), frame = 2 frames x 80 mel (100 tokens, MAE-AST)"),
            k("model.masking", Type.ENUM).choices("random", "time", "chunk").def("random")
                    .doc("random = unstructured, time = whole time steps, chunk = SSAST/MAE-AST squares (patch tokens)"),
            k("model.mask_ratio", Type.REAL).between(0, true, 1.0, true).def(0.8)
                    .doc("fraction of tokens masked (0.8 AudioMAE++, 0.75 MAE-AST)"),
            k("model.rope", Type.ENUM).choices("none", "decoder", "both").def("none")
                    .doc("rotary position embedding instead of the additive tables: nowhere, decoder only, both sides"),
            k("model.rope_positions", Type.ENUM).choices("sequence", "grid").def("sequence")
                    .doc("RoPE position of a token: its index in the sequence (released code) or in the token grid"),
            k("model.ffn2_norm", Type.ENUM).choices("shared", "own").def("shared")
                    .doc("plusplus: the SwiGLU re-uses LN2 (released code) or uses its own LN3"),
            k("model.rope_tables", Type.ENUM).choices("replaced", "added").optional()
                    .doc("with RoPE: it replaces the sin-cos tables (paper; absent = replaced, which keeps job keys) or"
                            + " the tables are added as well (released code; imported RoPE checkpoints)"),
            k("model.decoder.width", Type.INT).atLeast(1).derived().doc("decoder width (the Table 4 axis)"),
            k("model.decoder.depth", Type.INT).atLeast(1).derived().doc("decoder blocks"),
            k("model.decoder.heads", Type.INT).atLeast(1).derived()
                    .doc("decoder attention heads; must divide decoder.width"),
            // pretrain: the recipe (docs/model.md §8)
            k("pretrain.corpus", Type.PATH).optional()
                    .doc("directory of the pretraining clips; required unless pretrain.from is set"),
            k("pretrain.from", Type.PATH).optional()
                    .doc("start from this checkpoint instead of pretraining: a released .pth or .safetensors file"
                            + " (imported as `harness import` does) or a harness model.bin; keyed by the file's SHA-256,"
                            + " and the recipe keys are ignored"),
            k("pretrain.epochs", Type.INT).atLeast(0).def(100L)
                    .doc("passes over the corpus, one crop per clip each; 0 = no training: the encoder keeps its seeded"
                            + " initialization (random-encoder baseline; set warmup_epochs: 0)"),
            k("pretrain.batch_size", Type.INT).atLeast(1).def(1024L).doc("clips per optimizer step"),
            k("pretrain.micro_batch", Type.INT).atLeast(1).derived()
                    .doc("clips per forward pass; gradients are accumulated up to batch_size"),
            k("pretrain.base_lr", Type.REAL).between(0, true, null, false).def(1.5e-4)
                    .doc("learning rate per 256 clips: peak = base_lr x batch_size / 256"),
            k("pretrain.warmup_epochs", Type.REAL).atLeast(0).def(10.0).doc("linear warm-up, then half-cycle cosine to 0"),
            k("pretrain.weight_decay", Type.REAL).atLeast(0).def(0.05).doc("AdamW decay on weights, cls and mask tokens"),
            k("pretrain.seed", Type.INT).atLeast(0).def(0L).doc("seeds initialization, crops and masks"),
            k("pretrain.checkpoint_every", Type.INT).atLeast(1).def(10L).doc("epochs between resumable checkpoints"),
            k("pretrain.device", Type.STRING).pattern("auto|cpu|gpu|gpu:[0-9]+").def("auto")
                    .doc("auto = the GPU the executor assigns (run --gpus), else CPU; gpu or gpu:N insist on a GPU"),
            k("pretrain.precision", Type.ENUM).choices("fp32", "tf32", "fp16").def("fp32")
                    .doc("matrix products: fp32; tf32 (CUDA tensor cores, float32 tensors); fp16 (float16 products,"
                            + " float32 weights, norms, softmax, loss and optimizer, dynamic loss scaling). Weights are float32"),
            // embedding: frozen scene embeddings (docs/model.md §9)
            k("embedding.pad", Type.ENUM).choices("zero", "reflect").def("zero")
                    .doc("padding of the last 2-s chunk: zero (AudioMAE++) or reflect (MW-MAE)"),
            k("embedding.layout", Type.ENUM).choices("time-major", "official-audiomaepp").def("time-major")
                    .doc("patch tokens to time steps: correct time-major, or the released code's reshape"),
            k("embedding.batch_size", Type.INT).atLeast(1).def(64L).doc("2-s chunks per encoder call"),
            k("embedding.precision", Type.ENUM).choices("fp32", "tf32", "fp16").optional()
                    .doc("matrix products of the encoder, as pretrain.precision; absent = fp32 (and fp32 keeps the job keys"
                            + " of sweeps that do not set it)"),
            k("embedding.hear_files", Type.BOOL).optional()
                    .doc("also write hear-eval-kit's per-file layout (SPLIT/FILE.embedding.npy and"
                            + " FILE.target-labels.json) beside the harness's; absent = false (and keeps the job keys)"),
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
            stageKey("probe", "cpus"), stageKey("probe", "gpus"), stageKey("probe", "extra"))
            .stream().map(B::build).toList();

    /** Sections that are in a run's config only when the sweep uses one of their keys. */
    static final Set<String> OPTIONAL_SECTIONS = Set.of("synthetic", "slurm");

    /**
     * Sections that apply to the whole sweep, set once at the top level: they may not vary between
     * runs (no grid, zip, include or exclude keys).
     */
    static final Set<String> SWEEP_WIDE_SECTIONS = Set.of("slurm");

    private static final Map<String, Key> BY_PATH = index();

    private Schema() {}

    /** All keys, in table order (the order of a resolved config). */
    public static List<Key> keys() {
        return KEYS;
    }

    /** The key at a dotted path. */
    public static Optional<Key> key(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    /** Section names in table order. */
    public static List<String> sections() {
        Set<String> s = new LinkedHashSet<>();
        KEYS.forEach(k -> s.add(k.section()));
        return List.copyOf(s);
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
        for (Key k : KEYS) {
            String def = switch (k.presence()) {
                case DEFAULT -> "`" + Canonical.text(k.defaultValue()) + "`";
                case DERIVED -> k.path().startsWith("model.") ? "from preset" : "batch_size";
                case REQUIRED -> "**required**";
                case OPTIONAL -> "-";
            };
            sb.append("| `").append(k.path()).append("` | ").append(k.allowed().replace("|", "\\|"))
                    .append(" | ").append(def).append(" | ").append(k.doc()).append(" |\n");
        }
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
        for (Key k : KEYS) {
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
        for (Key k : KEYS) {
            if (k.path().startsWith(p)) {
                out.add(k.path().substring(p.length()));
            }
        }
        return out;
    }

    private static Map<String, Key> index() {
        Map<String, Key> m = new LinkedHashMap<>();
        for (Key k : KEYS) {
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

    private static B k(String path, Type type) {
        return new B(path, type);
    }

    /** {@code slurm.<stage>.<resource>}: the sweep-wide resource for one stage's jobs only. */
    private static B stageKey(String stage, String resource) {
        B b = switch (resource) {
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

    /** Builds one table line; keeps the table above readable. */
    private static final class B {
        private final String path;
        private final Type type;
        private List<String> choices = List.of();
        private Double min;
        private boolean minOpen;
        private Double max;
        private boolean maxOpen;
        private Pattern pattern;
        private Presence presence = Presence.OPTIONAL;
        private Object def;
        private String doc = "";

        B(String path, Type type) {
            this.path = path;
            this.type = type;
        }

        B choices(String... c) {
            choices = List.copyOf(Arrays.asList(c));
            return this;
        }

        B choices(Set<String> c) {
            choices = List.copyOf(c);
            return this;
        }

        B atLeast(double m) {
            min = m;
            return this;
        }

        B between(double lo, boolean loOpen, Double hi, boolean hiOpen) {
            min = lo;
            minOpen = loOpen;
            max = hi;
            maxOpen = hiOpen;
            return this;
        }

        B pattern(String regex) {
            pattern = Pattern.compile(regex);
            return this;
        }

        B def(Object value) {
            presence = Presence.DEFAULT;
            def = value;
            return this;
        }

        B derived() {
            presence = Presence.DERIVED;
            return this;
        }

        B required() {
            presence = Presence.REQUIRED;
            return this;
        }

        B optional() {
            presence = Presence.OPTIONAL;
            return this;
        }

        B doc(String d) {
            doc = d;
            return this;
        }

        Key build() {
            return new Key(path, type, choices, min, minOpen, max, maxOpen, pattern, presence, def, doc);
        }
    }
}
