package org.audiomaepp.harness.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one run's numbers come from: what the sweep engine records in {@code runs.json} so that every
 * report cell traces back to a resolved config and the command that re-runs it.
 *
 * @param name run name as in {@code scores.csv}
 * @param axes the sweep axes that define this run (dotted key to value), e.g. {@code model.rope=both}
 * @param config the fully resolved run config (nested maps, as in the sweep file)
 * @param jobKeys job keys per stage ({@code features}, {@code pretrain}, {@code embed}, {@code probe})
 * @param gitCommit commit of the code that produced the results
 * @param versions versions of code and libraries (e.g. harness, djl, pytorch)
 * @param device where the jobs ran, e.g. {@code cpu} or {@code cuda:0 (NVIDIA A100)}; a value starting
 *     with {@code cpu} means bit-exact reruns are expected
 * @param wallSeconds wall time per stage in seconds
 * @param command the command line that re-runs this run
 * @param tasks status per task directory name
 * @param checkpoint for a run that started from a checkpoint ({@code pretrain.from}) instead of
 *     pretraining: {@code file} and {@code sha256}; empty otherwise
 */
public record RunProvenance(
        String name,
        Map<String, String> axes,
        Map<String, Object> config,
        Map<String, List<String>> jobKeys,
        String gitCommit,
        Map<String, String> versions,
        String device,
        Map<String, Double> wallSeconds,
        String command,
        Map<String, TaskStatus> tasks,
        Map<String, String> checkpoint) {

    /** A run that was pretrained here (no imported checkpoint). */
    public RunProvenance(String name, Map<String, String> axes, Map<String, Object> config,
            Map<String, List<String>> jobKeys, String gitCommit, Map<String, String> versions, String device,
            Map<String, Double> wallSeconds, String command, Map<String, TaskStatus> tasks) {
        this(name, axes, config, jobKeys, gitCommit, versions, device, wallSeconds, command, tasks, null);
    }

    public RunProvenance {
        axes = axes == null ? Map.of() : new LinkedHashMap<>(axes);
        config = config == null ? Map.of() : config;
        jobKeys = jobKeys == null ? Map.of() : new LinkedHashMap<>(jobKeys);
        versions = versions == null ? Map.of() : new LinkedHashMap<>(versions);
        wallSeconds = wallSeconds == null ? Map.of() : new LinkedHashMap<>(wallSeconds);
        tasks = tasks == null ? Map.of() : new LinkedHashMap<>(tasks);
        checkpoint = checkpoint == null ? Map.of() : new LinkedHashMap<>(checkpoint);
    }

    /** Whether this run's device is a CPU, where seeded reruns are bit-exact. */
    public boolean onCpu() {
        return device != null && device.trim().toLowerCase(java.util.Locale.ROOT).startsWith("cpu");
    }

    /** The value at a dotted path of the resolved config ({@code model.preset}), if present. */
    public Optional<Object> configValue(String dottedPath) {
        Object node = config;
        for (String part : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return Optional.empty();
            }
            node = map.get(part);
        }
        return Optional.ofNullable(node);
    }

    /** State of one (run, task) cell. */
    public enum TaskState {
        DONE,
        FAILED,
        MISSING;
    }

    /** The outcome of one task of a run; {@code message} says why it failed or is missing. */
    public record TaskStatus(TaskState state, String message) {
        public TaskStatus {
            state = state == null ? TaskState.MISSING : state;
            message = message == null ? "" : message;
        }
    }
}
