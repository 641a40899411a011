package org.audiomaepp.harness.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.nn.Precision;
import org.audiomaepp.models.train.PretrainConfig;

/**
 * The sweep's {@code model}, {@code pretrain} and {@code embedding} sections translated into the
 * models module's own configs, so that the stages and sweep validation parse them the same way and
 * the models module stays the judge of what a valid network and recipe are.
 *
 * <p>Translation of the {@code pretrain} section: {@code corpus} is the features job's business and
 * {@code from} the import's, and both are dropped; {@code checkpoint_every} counts epochs in a sweep and optimizer steps in
 * {@link PretrainConfig}; {@code device: auto|cuda|cuda:N} becomes the device the executor gave the
 * job ({@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}); {@code precision} is the recipe's
 * ({@link Precision}). In the {@code embedding} section {@code batch_size} and {@code precision}
 * say how embeddings are computed, not what they are cut from, and are not part of
 * {@link EmbeddingConfig}.
 */
public final class ModuleConfigs {

    /** Checks every run's model, recipe and embedding config with the models module's parsers. */
    public static final RunCheck CHECK = ModuleConfigs::problem;

    private ModuleConfigs() {}

    /** The network a run's {@code model} section describes. */
    public static ModelConfig model(Map<String, ?> section) {
        return ModelConfig.fromMap(section);
    }

    /**
     * How scene embeddings are cut ({@code embedding} without {@code batch_size}, {@code precision}
     * and {@code hear_files}, which say how they are computed and written).
     */
    public static EmbeddingConfig embedding(Map<String, ?> section) {
        Map<String, Object> m = new LinkedHashMap<>(section);
        m.remove("batch_size");
        m.remove("precision");
        m.remove("hear_files");
        return EmbeddingConfig.fromMap(m);
    }

    /** The precision of a {@code pretrain} or {@code embedding} section (absent: fp32). */
    public static Precision precision(Map<String, ?> section) {
        return Precision.of(section.get("precision"));
    }

    /**
     * The pretraining recipe of a run's {@code pretrain} section.
     *
     * @param device        the device the job runs on ({@code cpu} or {@code gpu:N})
     * @param stepsPerEpoch optimizer steps per epoch on the job's corpus (turns epochs between
     *                      checkpoints into steps)
     */
    public static PretrainConfig pretrain(Map<String, ?> section, String device, long stepsPerEpoch) {
        Map<String, Object> m = new LinkedHashMap<>(section);
        m.remove("corpus");
        m.remove("from");
        Object every = m.get("checkpoint_every");
        if (every != null) {
            long epochs = Long.parseLong(every.toString());
            m.put("checkpoint_every", Math.max(1, Math.min(Integer.MAX_VALUE, epochs * Math.max(1, stepsPerEpoch))));
        }
        m.put("device", device(m.get("device"), device));
        return PretrainConfig.fromMap(m);
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
        check(problems, "embedding", () -> precision(section(config, "embedding")));
        check(problems, "pretrain", () -> pretrain(section(config, "pretrain"), "gpu:0", 1));
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
