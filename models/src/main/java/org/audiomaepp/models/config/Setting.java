package org.audiomaepp.models.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One setting a sweep file (or a command line) may give: the single description that validation,
 * defaults, error suggestions, job keys and the documentation's key table are derived from. The
 * models module describes its own sections ({@link ModelConfig#SETTINGS},
 * {@link org.audiomaepp.models.train.PretrainConfig#SETTINGS}, {@link EmbeddingConfig#SETTINGS});
 * the harness adds the sections it owns (data locations, tasks, probe, Slurm).
 *
 * <p>To add a model setting: a record field, a line in the section's {@code SETTINGS}, and the code
 * that uses it. A setting added after runs were made is {@link #addedLater()}: at its default it
 * stays out of job keys, so the runs made before it keep their keys.
 *
 * @param path         dotted path with its section: {@code model.decoder.width}
 * @param type         the kind of value
 * @param choices      allowed words of an {@link Type#ENUM}, as written in files
 * @param min          lower bound of a number, or null
 * @param minOpen      whether {@code min} itself is excluded
 * @param max          upper bound of a number, or null
 * @param maxOpen      whether {@code max} itself is excluded
 * @param pattern      what a {@link Type#STRING} must match, or null
 * @param presence     where the value comes from when it is not given
 * @param defaultValue the default ({@link Presence#DEFAULT}; Long for INT, Double for REAL), else null
 * @param addedLater   at its default the setting is left out of the resolved config and so of job keys
 * @param doc          one line: what it means
 */
public record Setting(
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
        boolean addedLater,
        String doc) {

    /** What kind of value a setting takes, and how it is normalized in a resolved config. */
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
        STRING_LIST,
        /** Two real numbers, normalized to a list of two {@link Double}s (each within the bounds). */
        REAL_PAIR
    }

    /** Where a setting's value comes from when it is not given. */
    public enum Presence {
        /** From {@link #defaultValue()}. */
        DEFAULT,
        /** Computed from other settings (model sizes from the preset; micro_batch from batch_size). */
        DERIVED,
        /** Must be given. */
        REQUIRED,
        /** Left out when not given. */
        OPTIONAL
    }

    public Setting {
        choices = List.copyOf(choices);
        if (addedLater && presence != Presence.DEFAULT) {
            throw new IllegalArgumentException(path + ": only a setting with a default can be added later");
        }
    }

    /** The section this setting belongs to ({@code model} for {@code model.decoder.width}). */
    public String section() {
        return path.substring(0, path.indexOf('.'));
    }

    /** The path below the section ({@code decoder.width} for {@code model.decoder.width}). */
    public String name() {
        return path.substring(path.indexOf('.') + 1);
    }

    /** What values are allowed, in words, for error messages and documentation. */
    public String allowed() {
        return switch (type) {
            case ENUM -> "one of " + String.join(" | ", choices);
            case BOOL -> "true or false";
            case PATH -> "a path";
            case STRING_LIST -> "a list of names";
            case STRING -> pattern == null ? "text" : "text matching " + pattern.pattern();
            case INT, REAL -> range(type == Type.INT ? "an integer" : "a number");
            case REAL_PAIR -> "two numbers, each " + range("").trim();
        };
    }

    private String range(String kind) {
        if (min != null && max != null) {
            return kind + " in " + (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max) + (maxOpen ? ")" : "]");
        } else if (min != null) {
            return kind + (minOpen ? " > " : " >= ") + fmt(min);
        }
        return kind;
    }

    /** Whether a number lies within this setting's bounds. */
    public boolean inRange(double x) {
        if (min != null && (minOpen ? x <= min : x < min)) {
            return false;
        }
        return max == null || (maxOpen ? x < max : x <= max);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Starts the description of a setting. */
    public static Builder of(String path, Type type) {
        return new Builder(path, type);
    }

    /** Builds one setting; keeps the lists of settings readable. */
    public static final class Builder {
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
        private boolean addedLater;

        Builder(String path, Type type) {
            this.path = path;
            this.type = type;
        }

        public Builder choices(String... c) {
            choices = List.copyOf(Arrays.asList(c));
            return this;
        }

        public Builder choices(java.util.Collection<String> c) {
            choices = List.copyOf(c);
            return this;
        }

        /** The constants of an enum, written as in files ({@code TIME_MAJOR} is {@code time-major}). */
        public Builder choices(Class<? extends Enum<?>> e) {
            choices = Arrays.stream(e.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList();
            return this;
        }

        public Builder atLeast(double m) {
            min = m;
            return this;
        }

        public Builder between(double lo, boolean loOpen, Double hi, boolean hiOpen) {
            min = lo;
            minOpen = loOpen;
            max = hi;
            maxOpen = hiOpen;
            return this;
        }

        public Builder pattern(String regex) {
            pattern = Pattern.compile(regex);
            return this;
        }

        public Builder def(Object value) {
            presence = Presence.DEFAULT;
            def = value;
            return this;
        }

        /** Given a default, and left out of job keys at that default (see {@link Setting#addedLater()}). */
        public Builder addedLater(Object value) {
            def(value);
            addedLater = true;
            return this;
        }

        public Builder derived() {
            presence = Presence.DERIVED;
            return this;
        }

        public Builder required() {
            presence = Presence.REQUIRED;
            return this;
        }

        public Builder optional() {
            presence = Presence.OPTIONAL;
            return this;
        }

        public Setting doc(String doc) {
            return new Setting(path, type, choices, min, minOpen, max, maxOpen, pattern, presence, def, addedLater, doc);
        }
    }
}
