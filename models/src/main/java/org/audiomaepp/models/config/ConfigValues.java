package org.audiomaepp.models.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audiomaepp.models.BadConfigException;

/**
 * Reads typed values out of the loosely typed maps a sweep file or a command line gives, with
 * errors that name the key, the bad value and the fix.
 */
public final class ConfigValues {
    private ConfigValues() {}

    /**
     * Flattens {@code {decoder: {width: 512}}} and {@code {decoder.width: 512}} to the same dotted
     * keys, so both spellings mean one thing.
     */
    static Map<String, Object> flatten(String section, Map<String, ?> map) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flattenInto("", section, map, flat);
        return flat;
    }

    private static void flattenInto(String prefix, String section, Map<String, ?> map, Map<String, Object> out) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String key = prefix + String.valueOf(e.getKey());
            if (e.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> cast = (Map<String, ?>) nested;
                flattenInto(key + ".", section, cast, out);
            } else if (out.put(key, e.getValue()) != null) {
                throw new BadConfigException(section + " key `" + key + "` is given twice; keep one");
            }
        }
    }

    /** Fails on the first key that is not one of {@code valid}, suggesting the closest valid key. */
    static void rejectUnknown(String section, Collection<String> keys, Collection<String> valid) {
        for (String key : keys) {
            if (!valid.contains(key)) {
                String closest = closest(key, valid);
                throw new BadConfigException("unknown " + section + " key `" + key + "`"
                        + (closest == null ? "" : "; did you mean `" + closest + "`?")
                        + " (valid keys: " + String.join(", ", valid) + ")");
            }
        }
    }

    /** The valid key nearest to {@code key} ({@link Suggest#closest}), or null when none is near enough. */
    public static String closest(String key, Collection<String> valid) {
        return Suggest.closest(key, valid).orElse(null);
    }

    static int integer(String section, String key, Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long v = ((Number) value).longValue();
            if (v == (int) v) {
                return (int) v;
            }
        } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return (int) n.doubleValue();
        } else if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new BadConfigException(section + " key `" + key + "` must be a whole number, not `" + value + "`");
    }

    static double number(String section, String key, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new BadConfigException(section + " key `" + key + "` must be a number, not `" + value + "`");
    }

    static String text(String section, String key, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new BadConfigException(section + " key `" + key + "` must be a name, not `" + value + "`");
    }

    /** Parses an enum value written in lower case, with {@code -} or {@code _} between words. */
    static <E extends Enum<E>> E choice(String section, String key, Object value, Class<E> type) {
        String name = text(section, key, value).trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        List<String> valid = Arrays.stream(type.getEnumConstants()).map(ConfigValues::key).toList();
        String closest = closest(String.valueOf(value), valid);
        throw new BadConfigException(section + " key `" + key + "` cannot be `" + value + "`"
                + (closest == null ? "" : "; did you mean `" + closest + "`?")
                + " (valid values: " + String.join(", ", valid) + ")");
    }

    /** An enum constant as it is written in config files: lower case, words joined by {@code -}. */
    static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
