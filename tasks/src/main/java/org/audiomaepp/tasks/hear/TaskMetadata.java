package org.audiomaepp.tasks.hear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fields of a HEAR {@code task_metadata.json} that the harness reads. Fields it does not read
 * are kept in {@link #extra} so that nothing is lost when a task is described or re-written.
 *
 * @param taskName       {@code task_name}; not an identity (the released Mridangam tasks have it
 *                       swapped), tasks are identified by directory name
 * @param version        {@code version}, null if absent
 * @param mode           {@code mode} (e.g. {@code full}, {@code 5h}), null if absent
 * @param embeddingType  {@code embedding_type}; always {@code scene} for a task that was read
 * @param predictionType {@code prediction_type}
 * @param splitMode      {@code split_mode}
 * @param nfolds         {@code nfolds}, null if absent (trainvaltest tasks)
 * @param sampleDuration {@code sample_duration} in seconds, null for variable-length clips
 * @param evaluation     metric names, the first being the primary metric
 * @param splits         split names in metadata order (fold names or train/valid/test)
 * @param extra          every other top-level field, as parsed JSON values
 */
public record TaskMetadata(
        String taskName,
        String version,
        String mode,
        String embeddingType,
        PredictionType predictionType,
        SplitMode splitMode,
        Integer nfolds,
        Double sampleDuration,
        List<String> evaluation,
        List<String> splits,
        Map<String, Object> extra) {

    /** The field a synthetic task uses to name the real HEAR task directory it stands in for. */
    public static final String SYNTHETIC_COUNTERPART = "synthetic_counterpart";

    public TaskMetadata {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(embeddingType, "embeddingType");
        Objects.requireNonNull(predictionType, "predictionType");
        Objects.requireNonNull(splitMode, "splitMode");
        evaluation = List.copyOf(evaluation);
        splits = List.copyOf(splits);
        if (evaluation.isEmpty()) {
            throw new IllegalArgumentException("evaluation must name at least one metric");
        }
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The metric that selects probe checkpoints and grid points, and that tables report. */
    public String primaryMetric() {
        return evaluation.get(0);
    }

    /** The real HEAR directory a synthetic task stands in for, or null for a real task. */
    public String syntheticCounterpart() {
        Object v = extra.get(SYNTHETIC_COUNTERPART);
        return v instanceof String s ? s : null;
    }

    /**
     * The JSON object as HEAR writes it (field order as in hear-preprocess outputs, then the
     * extra fields), ready for a JSON writer.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_name", taskName);
        if (version != null) {
            m.put("version", version);
        }
        if (mode != null) {
            m.put("mode", mode);
        }
        m.put("embedding_type", embeddingType);
        m.put("prediction_type", predictionType.jsonName());
        m.put("split_mode", splitMode.jsonName());
        if (nfolds != null) {
            m.put("nfolds", nfolds);
        }
        m.put("sample_duration", sampleDuration);
        m.put("evaluation", new ArrayList<>(evaluation));
        m.put("splits", new ArrayList<>(splits));
        m.putAll(extra);
        return m;
    }
}
