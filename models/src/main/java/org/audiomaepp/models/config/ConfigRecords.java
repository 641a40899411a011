package org.audiomaepp.models.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Moves a config record to and from its settings by name, so that a setting is written down once
 * (its record field and its {@link Setting}): the component {@code mlpRatio} is the setting
 * {@code mlp_ratio}, a nested record component {@code decoder} holds the settings
 * {@code decoder.*}, an enum is written in lower case with {@code -} between words.
 */
final class ConfigRecords {

    private ConfigRecords() {}

    /** The setting name of a record component: {@code ropePositions} is {@code rope_positions}. */
    static String settingName(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Every component as a nested map (nested records as maps), enums as their keys. */
    static Map<String, Object> toMap(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = get(c, r);
            if (v instanceof Record nested) {
                v = toMap(nested);
            } else if (v instanceof Enum<?> e) {
                v = ConfigValues.key(e);
            }
            m.put(settingName(c.getName()), v);
        }
        return m;
    }

    /**
     * Builds a record of {@code type} from dotted settings ({@code decoder.width}) that name every
     * component; values are converted to the component types with the errors of {@link ConfigValues}.
     */
    static <R extends Record> R build(Class<R> type, String section, String prefix, Map<String, Object> flat) {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            String key = prefix + settingName(cs[i].getName());
            Class<?> t = cs[i].getType();
            types[i] = t;
            if (t.isRecord()) {
                args[i] = build(t.asSubclass(Record.class), section, key + ".", flat);
                continue;
            }
            if (!flat.containsKey(key)) {
                throw new IllegalStateException(type.getSimpleName() + " has no value for " + key);
            }
            args[i] = convert(section, key, flat.get(key), t);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(String section, String key, Object v, Class<?> t) {
        if (t == int.class) {
            return ConfigValues.integer(section, key, v);
        }
        if (t == long.class) {
            return (long) ConfigValues.integer(section, key, v);
        }
        if (t == double.class) {
            return ConfigValues.number(section, key, v);
        }
        if (t == String.class) {
            return ConfigValues.text(section, key, v);
        }
        if (t.isEnum()) {
            return ConfigValues.choice(section, key, v, (Class) t);
        }
        throw new IllegalStateException("no conversion of " + key + " to " + t);
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flattens a nested map to dotted paths below {@code prefix}, with integers as Long. */
    static Map<String, Object> flat(String prefix, Map<String, ?> nested) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : nested.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> cast = (Map<String, ?>) m;
                out.putAll(flat(prefix + e.getKey() + ".", cast));
            } else {
                Object v = e.getValue();
                out.put(prefix + e.getKey(), v instanceof Integer i ? Long.valueOf(i) : v);
            }
        }
        return out;
    }
}
