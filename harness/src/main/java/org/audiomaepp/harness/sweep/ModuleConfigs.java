package org.audiomaepp.harness.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Setting;
import org.audiomaepp.models.nn.Precision;
import org.audiomaepp.models.train.PretrainConfig;

/**
 * The one translation of a run's {@code model}, {@code pretrain} and {@code embedding} sections into
 * the models module's typed configs, used by sweep validation ({@link #CHECK}), the stages and the
 * command line alike, so that the models module stays the judge of what a valid network and recipe
 * are and a section is read the same way everywhere.
 *
 * <p>The {@code pretrain} section: {@code corpus} is the features job's business and {@code from}
 * the import's, and both are dropped; {@code device: auto|cpu|gpu|gpu:N} becomes the device the
 * executor (or the command line) gives the run; the rest are {@link PretrainConfig#SETTINGS}, turned
 * into a recipe once the corpus size is known ({@link PretrainConfig#fromSettings}:
 * {@code checkpoint_every} counts epochs). In the {@code embedding} section {@code batch_size},
 * {@code precision} and {@code hear_files} say how embeddings are computed and written, not what
 * they are cut from, and are not part of {@link EmbeddingConfig}.
 */
public final class ModuleConfigs {

    /** Checks every run's model, recipe and embedding config with the models module's parsers. */
    public static final RunCheck CHECK = ModuleConfigs::problem;

    /**
     * How an embed job computes: what the embeddings are cut from, chunks per encoder call, the
     * encoder's precision, and whether hear-eval-kit's per-file layout is written too.
     */
    public record Embedding(EmbeddingConfig cut, int batchSize, Precision precision, boolean hearFiles) {}

    private ModuleConfigs() {}

    /** The network a run's {@code model} section describes. */
    public static ModelConfig model(Map<String, ?> section) {
        return ModelConfig.fromMap(section);
    }

    /** A run's {@code embedding} section. */
    public static Embedding embedding(Map<String, ?> section) {
        Map<String, Object> cut = new LinkedHashMap<>(section);
        Object batch = cut.remove("batch_size");
        Object precision = cut.remove("precision");
        Object hearFiles = cut.remove("hear_files");
        Setting batchSetting = Schema.key("embedding.batch_size").orElseThrow();
        long batchSize = batch == null ? (long) batchSetting.defaultValue() : Long.parseLong(batch.toString());
        if (batchSize < 1 || batchSize > Integer.MAX_VALUE) {
            throw new BadConfigException("embedding.batch_size must be " + batchSetting.allowed() + "; got " + batch);
        }
        return new Embedding(EmbeddingConfig.fromMap(cut), (int) batchSize, Precision.of(precision),
                Boolean.parseBoolean(String.valueOf(hearFiles)));
    }

    /**
     * A run's {@code pretrain} settings with the job's device resolved and the corpus location
     * dropped: what {@link PretrainConfig#fromSettings} reads.
     *
     * @param device the device the job runs on ({@code cpu} or {@code gpu:N})
     */
    public static Map<String, Object> pretrainSettings(Map<String, ?> section, String device) {
        Map<String, Object> m = new LinkedHashMap<>(section);
        m.remove("corpus");
        m.remove("from");
        m.put("device", device(m.get("device"), device));
        return m;
    }

    /**
     * The job's device for a sweep's {@code device} value: {@code cpu} is CPU; {@code auto} is
     * whatever the executor gave the job; {@code gpu} and {@code gpu:N} insist on a GPU, and the
     * executor's (each GPU slot sees only its own GPU, as gpu:0) is the one used.
     */
    static String device(Object asked, String given) {
        String a = asked == null ? "auto" : asked.toString();
        if (a.equals("cpu")) {
            return "cpu";
        }
        if (!a.equals("auto") && !given.startsWith("gpu")) {
            throw new BadConfigException("pretrain.device " + a + " asks for a GPU but the job was given " + given
                    + "; run with --gpus, or set device: auto or cpu");
        }
        return given;
    }

    private static Optional<String> problem(Map<String, Object> config) {
        List<String> problems = new java.util.ArrayList<>();
        check(problems, "model", () -> model(section(config, "model")));
        check(problems, "embedding", () -> embedding(section(config, "embedding")));
        check(problems, "pretrain", () -> PretrainConfig.fromSettings(pretrainSettings(section(config, "pretrain"), "gpu:0"), 0));
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static void check(List<String> problems, String section, Runnable parse) {
        try {
            parse.run();
        } catch (BadConfigException e) {
            problems.add(section + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> config, String name) {
        return config.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
