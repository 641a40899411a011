package org.audiomaepp.harness.jobs;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One job of the graph, fully determined by its key.
 *
 * @param stage       stage name ({@code features}, {@code pretrain}, {@code embed}, {@code probe})
 * @param key         hex SHA-256 of the canonical form of {@code keyMaterial}
 * @param config      the resolved config the stage runs from, including data locations
 * @param parents     ids ({@code stage/key}) of the jobs whose outputs this job reads
 * @param keyMaterial everything the key is a hash of: stage, config without data locations,
 *                    parents, code versions and data fingerprints; kept so that anyone can check
 *                    a key and see why two keys differ
 */
public record JobSpec(
        String stage,
        String key,
        Map<String, Object> config,
        List<String> parents,
        Map<String, Object> keyMaterial) {

    public JobSpec {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(key, "key");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        parents = List.copyOf(parents);
        keyMaterial = Collections.unmodifiableMap(new LinkedHashMap<>(keyMaterial));
    }

    /** The job's identity in the store and on the command line: {@code stage/key}. */
    public String id() {
        return stage + "/" + key;
    }

    /** The first 12 hex digits of the key, enough to tell jobs apart in listings. */
    public String shortId() {
        return stage + "/" + key.substring(0, Math.min(12, key.length()));
    }

    /**
     * True if some data the job reads itself was not present when the key was computed. See
     * {@link JobGraph#provisional(String)} for the transitive question.
     */
    public boolean dataMissing() {
        return Fingerprints.anyMissing(keyMaterial.get("data"));
    }

    /**
     * A short human description: the task for embed and probe jobs, the seed for pretraining, the
     * checkpoint's file name for a pretrain job that imports one.
     */
    public String describe() {
        Object task = config.get("task");
        if (task != null) {
            return "task " + task;
        }
        if (config.get("from") != null) {
            return "from " + Path.of(config.get("from").toString()).getFileName();
        }
        if (config.get("pretrain") instanceof Map<?, ?> pretrain && pretrain.get("seed") != null) {
            return "seed " + pretrain.get("seed");
        }
        Object corpus = config.get("corpus");
        return corpus == null ? "" : "corpus " + Path.of(corpus.toString()).getFileName();
    }
}
