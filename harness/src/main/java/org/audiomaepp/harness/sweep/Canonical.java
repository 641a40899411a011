package org.audiomaepp.harness.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form of a config, and its SHA-256: the identity the result store gives a
 * job. Equal configs give equal bytes whatever map order or Java version produced them.
 *
 * <p>Rules: objects with keys sorted by {@link String#compareTo}; no whitespace; integers (Long,
 * Integer, Short, Byte) in decimal; reals (Double, Float) as the shortest decimal that reads back
 * as the same double, always with a fraction or exponent ({@code 1.0}, {@code 0.00015},
 * {@code 1.0e-8}), {@code -0.0} written as {@code 0.0}; strings with {@code "}, {@code \} and
 * control characters escaped, everything else as UTF-8. Reals are formatted through
 * {@link BigDecimal}, not {@link Double#toString}, whose output changed between Java versions.
 * Because a resolved config stores every real-typed key as a Double, {@code base_lr: 1} and
 * {@code base_lr: 1.0} hash alike. NaN, infinities and other value types are rejected.
 */
public final class Canonical {

    private Canonical() {}

    /** Canonical JSON of maps (String keys), lists, strings, numbers, booleans and null. */
    public static String json(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@link #json(Object)}. */
    public static String sha256(Object value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(json(value).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** A value as it appears in a run name: text as is, numbers canonical, lists joined by {@code +}. */
    public static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double || value instanceof Float) {
            return real(((Number) value).doubleValue());
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(text(v)));
            return String.join("+", parts);
        }
        return String.valueOf(value);
    }

    private static void write(Object value, StringBuilder sb) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            string(s, sb);
        } else if (value instanceof Boolean b) {
            sb.append(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            sb.append(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            sb.append(real(((Number) value).doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>();
            for (Object k : map.keySet()) {
                if (!(k instanceof String s)) {
                    throw new IllegalArgumentException("canonical JSON needs String keys, got " + k);
                }
                keys.add(s);
            }
            keys.sort(null);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(keys.get(i), sb);
                sb.append(':');
                write(map.get(keys.get(i)), sb);
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(list.get(i), sb);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("no canonical JSON form for " + value.getClass().getName());
        }
    }

    /** Shortest round-trip decimal of {@code d}, with a fraction or exponent. */
    static String real(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("no canonical JSON form for " + d);
        }
        if (d == 0) {
            return "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                shortest = rounded;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -6 && exponent < 21) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        String mantissa = digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
        return (d < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
