package org.audiomaepp.harness.exec.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.sweep.Schema;
import org.audiomaepp.models.config.Setting;

/**
 * The Slurm resources of each stage's jobs, from the sweep file's {@code slurm:} section and the
 * command line. For a resource of a stage the first of these that is set wins: the command line's
 * stage setting ({@code --slurm pretrain.time=…}), the command line's setting for every job
 * ({@code --time}), the sweep file's stage setting ({@code slurm.pretrain.time}), the sweep file's
 * setting for every job ({@code slurm.time}). {@code extra} and {@code setup} lists add up in that
 * order reversed, so that a later (more specific) sbatch option overrides an earlier one.
 */
public final class SlurmSettings {

    /** The resources a stage may set for itself. */
    public static final List<String> STAGE_RESOURCES = List.of("partition", "time", "mem", "cpus", "gpus", "extra");

    private final Map<String, Object> sweep;
    private final Map<String, Object> overrides;

    private SlurmSettings(Map<String, Object> sweep, Map<String, Object> overrides) {
        this.sweep = sweep;
        this.overrides = overrides;
    }

    /**
     * @param sweepSection the sweep file's {@code slurm} section as a run's resolved config holds
     *                     it (nested: {@code pretrain: {time: …}}), empty if it has none
     * @param overrides    command-line settings, keys relative to the section ({@code time},
     *                     {@code pretrain.gpus}) with values as {@link #parse} returns them
     */
    public static SlurmSettings of(Map<String, ?> sweepSection, Map<String, Object> overrides) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", sweepSection, flat);
        return new SlurmSettings(flat, Map.copyOf(overrides));
    }

    /** The resources of the jobs of {@code stage}. */
    public SlurmResources forStage(String stage) {
        List<String> extra = new ArrayList<>();
        extra.addAll(list(sweep.get("extra")));
        extra.addAll(list(sweep.get(stage + ".extra")));
        extra.addAll(list(overrides.get("extra")));
        extra.addAll(list(overrides.get(stage + ".extra")));
        List<String> setup = new ArrayList<>(list(sweep.get("setup")));
        setup.addAll(list(overrides.get("setup")));
        Object gpus = pick(stage, "gpus");
        Object cpus = pick(stage, "cpus");
        return new SlurmResources(text(pick(stage, "partition")), text(pick(null, "account")),
                text(pick(stage, "time")), text(pick(stage, "mem")),
                cpus == null ? null : ((Number) cpus).longValue(),
                gpus == null ? 0 : ((Number) gpus).longValue(), extra, setup);
    }

    /**
     * A command-line value for the key {@code slurm.<key>}, checked and typed as the sweep file's
     * would be: a number for cpus and gpus, a one-item list for extra and setup.
     *
     * @param option the option it came from, for the error message
     */
    public static Object parse(String key, String value, String option) {
        Setting k = Schema.key("slurm." + key).orElseThrow(() -> new BadInputException(option + ": `" + key
                + "` is not a Slurm setting; use one of " + String.join(", ", keys())));
        String bad = option + ": `" + value + "` is not a valid " + key + "; give " + k.allowed();
        return switch (k.type()) {
            case INT -> {
                try {
                    long n = Long.parseLong(value.trim());
                    if (k.min() != null && n < k.min()) {
                        throw new BadInputException(bad);
                    }
                    yield n;
                } catch (NumberFormatException e) {
                    throw new BadInputException(bad);
                }
            }
            case STRING -> {
                if (k.pattern() != null && !k.pattern().matcher(value).matches()) {
                    throw new BadInputException(bad);
                }
                yield value;
            }
            case STRING_LIST -> {
                if (value.isBlank() || value.contains("\n")) {
                    throw new BadInputException(bad);
                }
                if (key.endsWith("extra") && !value.startsWith("-")) {
                    throw new BadInputException(option + ": `" + value + "` must be one sbatch option starting with '-',"
                            + " e.g. --qos=high");
                }
                yield List.of(value);
            }
            default -> throw new IllegalStateException("slurm." + key + " has type " + k.type());
        };
    }

    /** The keys of the {@code slurm} section, relative to it ({@code time}, {@code pretrain.time}, ...). */
    public static List<String> keys() {
        return Schema.keys().stream().filter(k -> k.section().equals("slurm"))
                .map(k -> k.path().substring("slurm.".length())).toList();
    }

    /** Adds a command-line setting; lists (extra, setup) accumulate. */
    public static void put(Map<String, Object> overrides, String key, Object value) {
        if (value instanceof List<?> l) {
            List<Object> all = new ArrayList<>(list(overrides.get(key)));
            all.addAll(l);
            overrides.put(key, List.copyOf(all));
        } else {
            overrides.put(key, value);
        }
    }

    private Object pick(String stage, String resource) {
        if (stage != null && overrides.get(stage + "." + resource) != null) {
            return overrides.get(stage + "." + resource);
        }
        if (overrides.get(resource) != null) {
            return overrides.get(resource);
        }
        if (stage != null && sweep.get(stage + "." + resource) != null) {
            return sweep.get(stage + "." + resource);
        }
        return sweep.get(resource);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static List<String> list(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().map(Object::toString).toList();
        }
        return List.of();
    }

    private static void flatten(String prefix, Map<String, ?> map, Map<String, Object> out) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner) {
                @SuppressWarnings("unchecked")
                Map<String, ?> m = (Map<String, ?>) inner;
                flatten(key, m, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }
}
