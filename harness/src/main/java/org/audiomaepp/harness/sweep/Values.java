package org.audiomaepp.harness.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.audiomaepp.models.config.Setting;
import org.audiomaepp.models.config.Suggest;
import org.audiomaepp.harness.sweep.YamlTree.YList;
import org.audiomaepp.harness.sweep.YamlTree.YMap;
import org.audiomaepp.harness.sweep.YamlTree.YNode;
import org.audiomaepp.harness.sweep.YamlTree.YScalar;

/** Checks a YAML value against its schema key and normalizes it (Long, Double, lower-case words). */
final class Values {

    private Values() {}

    /** The normalized value, or empty after recording why it does not fit. */
    static Optional<Object> coerce(Setting key, YNode node, Problems problems) {
        Optional<Object> value = check(key, node, problems);
        if (value.isEmpty()) {
            problems.invalid(key.path());
        }
        return value;
    }

    private static Optional<Object> check(Setting key, YNode node, Problems problems) {
        String name = "`" + key.path() + "`";
        if (key.type() == Setting.Type.STRING_LIST) {
            return stringList(key, node, problems);
        }
        if (key.type() == Setting.Type.REAL_PAIR) {
            return realPair(key, node, problems);
        }
        if (node instanceof YList) {
            problems.add(node.pos(), name + " takes one value (" + key.allowed()
                    + "), not a list; to try several values, put it under `grid:`");
            return Optional.empty();
        }
        if (node instanceof YMap) {
            problems.add(node.pos(), name + " takes one value (" + key.allowed() + "), not a mapping");
            return Optional.empty();
        }
        Object v = ((YScalar) node).value();
        if (v == YamlTree.UNRESOLVED) {
            return Optional.empty();
        }
        if (v == null) {
            problems.add(node.pos(), name + " has no value; give " + key.allowed());
            return Optional.empty();
        }
        Optional<Object> out = switch (key.type()) {
            case INT -> integer(v);
            case REAL -> real(v);
            case BOOL -> v instanceof Boolean b ? Optional.of(b) : Optional.empty();
            case ENUM -> v instanceof String s && key.choices().contains(s.toLowerCase(Locale.ROOT))
                    ? Optional.of(s.toLowerCase(Locale.ROOT)) : Optional.empty();
            case STRING -> v instanceof String s && (key.pattern() == null || key.pattern().matcher(s).matches())
                    ? Optional.of(s) : Optional.empty();
            case PATH -> v instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
            case STRING_LIST, REAL_PAIR -> throw new IllegalStateException();
        };
        if (out.isEmpty()) {
            problems.add(node.pos(), name + " must be " + key.allowed() + ", got " + describe(v) + hint(key, v));
            return out;
        }
        if (out.get() instanceof Number n && !key.inRange(n.doubleValue())) {
            problems.add(node.pos(), name + " must be " + key.allowed() + ", got " + Canonical.text(out.get()));
            return Optional.empty();
        }
        return out;
    }

    private static Optional<Object> integer(Object v) {
        return v instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    private static Optional<Object> real(Object v) {
        if (v instanceof Long l) {
            return Optional.of(l.doubleValue());
        }
        if (v instanceof Double d && Double.isFinite(d)) {
            return Optional.of(d);
        }
        return Optional.empty();
    }

    private static Optional<Object> realPair(Setting key, YNode node, Problems problems) {
        String name = "`" + key.path() + "`";
        if (node instanceof YList list && list.items().size() == 2) {
            List<Double> out = new ArrayList<>();
            for (YNode item : list.items()) {
                Optional<Object> x = item instanceof YScalar sc ? real(sc.value()) : Optional.empty();
                if (x.isEmpty() || !key.inRange((Double) x.get())) {
                    break;
                }
                out.add((Double) x.get());
            }
            if (out.size() == 2) {
                return Optional.of(List.copyOf(out));
            }
        }
        problems.add(node.pos(), name + " must be " + key.allowed() + ", e.g. [0.9, 0.95]");
        return Optional.empty();
    }

    private static Optional<Object> stringList(Setting key, YNode node, Problems problems) {
        String name = "`" + key.path() + "`";
        if (!(node instanceof YList list)) {
            problems.add(node.pos(), name + " must be a list, e.g. [BO, E50]; write a single name as [name]");
            return Optional.empty();
        }
        if (list.items().isEmpty()) {
            problems.add(node.pos(), name + " is an empty list; name at least one");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean ok = true;
        for (YNode item : list.items()) {
            if (item instanceof YScalar s && s.value() != null && !(s.value() instanceof Boolean)
                    && !(s.value() instanceof String str && str.isBlank())) {
                String text = Canonical.text(s.value());
                if (!seen.add(text)) {
                    problems.add(item.pos(), name + " lists `" + text + "` twice; remove one");
                    ok = false;
                }
                out.add(text);
            } else {
                problems.add(item.pos(), name + " items must be names, got "
                        + (item instanceof YScalar s ? describe(s.value()) : "a nested list or mapping"));
                ok = false;
            }
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "the text `" + s + "`";
        }
        if (v instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (v instanceof Long l) {
            return "the integer " + l;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? "the number " + Canonical.text(d) : "the number " + d;
        }
        return v.toString();
    }

    private static String hint(Setting key, Object v) {
        if (v instanceof String s) {
            switch (key.type()) {
                case INT, REAL -> {
                    if (looksNumeric(s)) {
                        return "; remove the quotes around the number";
                    }
                    String name = key.path().substring(key.path().lastIndexOf('.') + 1);
                    Integer word = NUMBER_WORDS.get(s.trim().toLowerCase(java.util.Locale.ROOT));
                    Object example = word != null ? word : key.defaultValue() != null ? key.defaultValue()
                            : key.min() != null ? Canonical.text(key.min()) : 1;
                    return "; write the number in digits, e.g. `" + name + ": " + (example instanceof Double d
                            ? Canonical.text(d) : example) + "`";
                }
                case BOOL -> {
                    return "; YAML 1.2 reads `" + s + "` as text: write true or false";
                }
                case ENUM -> {
                    return Suggest.closest(s, key.choices()).map(c -> "; did you mean `" + c + "`?").orElse("");
                }
                default -> {
                    return "";
                }
            }
        }
        if (v instanceof Double d && key.type() == Setting.Type.INT && d == Math.rint(d) && Double.isFinite(d)) {
            return "; write it without a decimal point";
        }
        if ((v instanceof Long || v instanceof Double) && (key.type() == Setting.Type.PATH
                || key.type() == Setting.Type.STRING)) {
            return "; quote it if it is meant as text";
        }
        return "";
    }

    private static final java.util.Map<String, Integer> NUMBER_WORDS = java.util.Map.ofEntries(
            java.util.Map.entry("zero", 0), java.util.Map.entry("one", 1), java.util.Map.entry("two", 2),
            java.util.Map.entry("three", 3), java.util.Map.entry("four", 4), java.util.Map.entry("five", 5),
            java.util.Map.entry("six", 6), java.util.Map.entry("seven", 7), java.util.Map.entry("eight", 8),
            java.util.Map.entry("nine", 9), java.util.Map.entry("ten", 10), java.util.Map.entry("twenty", 20),
            java.util.Map.entry("fifty", 50), java.util.Map.entry("hundred", 100));

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
