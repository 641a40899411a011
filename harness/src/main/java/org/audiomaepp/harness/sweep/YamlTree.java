package org.audiomaepp.harness.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A YAML 1.2 document as a tree of scalars, lists and mappings that remember where they are in
 * the file, with {@code ${VAR}} references already replaced from the environment.
 *
 * <p>Scalars are typed by the YAML 1.2 core schema: {@code on}, {@code off}, {@code yes} and
 * {@code no} are strings (a YAML 1.1 parser would make them booleans and silently corrupt an
 * axis); {@code 1e-4} is a number. A plain scalar made of a variable reference is typed after
 * substitution ({@code epochs: ${EPOCHS:-100}} is the number 100); a quoted one stays a string.
 */
final class YamlTree {

    /** A node of the tree. */
    sealed interface YNode permits YScalar, YMap, YList {
        Pos pos();
    }

    /** A scalar: a String, Long, Double, Boolean, or null. */
    record YScalar(Object value, Pos pos) implements YNode {}

    /** A mapping entry: its key as written, where the key is, and the value. */
    record YEntry(String key, Pos keyPos, YNode value) {}

    /** A mapping, in file order. */
    record YMap(List<YEntry> entries, Pos pos) implements YNode {}

    /** A sequence. */
    record YList(List<YNode> items, Pos pos) implements YNode {}

    /**
     * The value of a scalar whose {@code ${VAR}} could not be substituted: already reported, so
     * later checks skip it instead of adding a second message about the same spot.
     */
    static final Object UNRESOLVED = new Object() {
        @Override
        public String toString() {
            return "(unresolved variable)";
        }
    };

    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_DEPTH = 64;

    private final Map<String, String> env;
    private final Problems problems;
    private final ScalarResolver resolver = new CoreScalarResolver();

    private YamlTree(Map<String, String> env, Problems problems) {
        this.env = env;
        this.problems = problems;
    }

    /**
     * Parses {@code text}. A syntax error is recorded as a problem at its place and gives an
     * empty result; so does an empty file or a file with more than one document.
     */
    static Optional<YNode> parse(String label, String text, Map<String, String> env, Problems problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(label)
                .setSchema(new CoreSchema())
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(1000)
                .build();
        Node root;
        try {
            Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
            if (!documents.hasNext()) {
                problems.add(Pos.START, "the file is empty; a sweep needs at least `name:` and `base:`");
                return Optional.empty();
            }
            root = documents.next();
            if (documents.hasNext()) {
                Node second = documents.next();
                problems.add(Pos.of(second.getStartMark()),
                        "a sweep file holds one YAML document, and a second one starts here; remove it (with its `---`)"
                                + " or move it to its own file");
                return Optional.empty();
            }
        } catch (MarkedYamlEngineException e) {
            Optional<String> unclosed = unclosedBracket(e);
            if (unclosed.isPresent()) {
                problems.add(Pos.of(e.getContextMark()), unclosed.get());
                return Optional.empty();
            }
            Pos pos = Pos.of(e.getProblemMark().or(e::getContextMark));
            String what = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.add(pos, "YAML syntax error: " + what + context + "; " + syntaxHint(text, pos));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(Pos.START, "YAML syntax error: " + e.getMessage());
            return Optional.empty();
        }
        if (root == null) {
            problems.add(Pos.START, "the file is empty; a sweep needs at least `name:` and `base:`");
            return Optional.empty();
        }
        return Optional.of(new YamlTree(env, problems).convert(root, 0));
    }

    /**
     * A flow mapping or sequence ({@code { … }}, {@code [ … ]}) that reaches a later line without
     * its closing bracket: the parser notices where the next key starts, but the mistake is on the
     * line that opened it.
     */
    private static Optional<String> unclosedBracket(MarkedYamlEngineException e) {
        String context = e.getContext() == null ? "" : e.getContext();
        boolean mapping = context.contains("flow mapping");
        if (!(mapping || context.contains("flow sequence")) || e.getContextMark().isEmpty()
                || e.getProblemMark().isEmpty() || e.getProblemMark().get().getLine() <= e.getContextMark().get().getLine()) {
            return Optional.empty();
        }
        String open = mapping ? "{" : "[";
        String close = mapping ? "}" : "]";
        return Optional.of("YAML syntax error: this `" + open + "` is not closed (the parser reached line "
                + (e.getProblemMark().get().getLine() + 1) + " still inside it); add `" + close + "` at the end of this"
                + " line, or write the section as indented lines without brackets");
    }

    /**
     * The usual cause: {@code ${VAR}} unquoted inside {@code { }} or {@code [ ]}, where YAML reads
     * the braces as structure.
     */
    private static String syntaxHint(String text, Pos pos) {
        String[] lines = text.split("\\R", -1);
        int from = Math.max(0, pos.line() - 2);
        int to = Math.min(lines.length, pos.line());
        for (int i = from; i < to; i++) {
            if (lines[i].contains("${") && (lines[i].contains("{ ") || lines[i].matches(".*[{\\[,]\\s*[^\"']*\\$\\{.*"))) {
                return "inside { } or [ ], quote values that use variables: \"${VAR}\"";
            }
        }
        return "check indentation, colons and brackets here";
    }

    private YNode convert(Node node, int depth) {
        Pos pos = Pos.of(node.getStartMark());
        if (depth > MAX_DEPTH) {
            problems.add(pos, "nesting deeper than " + MAX_DEPTH + " levels (a recursive alias?); flatten it");
            return new YScalar(null, pos);
        }
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar, pos);
        }
        if (node instanceof SequenceNode sequence) {
            List<YNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item, depth + 1));
            }
            return new YList(List.copyOf(items), pos);
        }
        if (node instanceof MappingNode mapping) {
            List<YEntry> entries = new ArrayList<>();
            Map<String, Pos> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Pos keyPos = Pos.of(tuple.getKeyNode().getStartMark());
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    problems.add(keyPos, "a key must be a plain name, not a list or mapping");
                    continue;
                }
                String key = keyNode.getValue();
                Pos first = seen.putIfAbsent(key, keyPos);
                if (first != null) {
                    problems.add(keyPos, "duplicate key `" + key + "` (first at line " + first.line()
                            + "); keep one of them");
                    continue;
                }
                entries.add(new YEntry(key, keyPos, convert(tuple.getValueNode(), depth + 1)));
            }
            return new YMap(List.copyOf(entries), pos);
        }
        problems.add(pos, "unsupported YAML node; use plain scalars, lists and mappings");
        return new YScalar(null, pos);
    }

    private YScalar scalar(ScalarNode node, Pos pos) {
        Tag tag = node.getTag();
        String text = node.getValue();
        if ((Tag.STR.equals(tag) || Tag.ENV_TAG.equals(tag)) && text.contains("${")) {
            text = substitute(text, pos);
            if (text == null) {
                return new YScalar(UNRESOLVED, pos);
            }
            tag = node.isPlain() ? resolver.resolve(text, true) : Tag.STR;
        }
        if (Tag.STR.equals(tag) || Tag.ENV_TAG.equals(tag)) {
            return new YScalar(text, pos);
        }
        if (Tag.NULL.equals(tag)) {
            return new YScalar(null, pos);
        }
        if (Tag.BOOL.equals(tag)) {
            return new YScalar(Boolean.parseBoolean(text.toLowerCase()), pos);
        }
        if (Tag.INT.equals(tag)) {
            try {
                return new YScalar(parseInteger(text), pos);
            } catch (NumberFormatException e) {
                problems.add(pos, "integer `" + text + "` is out of range (at most " + Long.MAX_VALUE + ")");
                return new YScalar(null, pos);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            return new YScalar(parseReal(text), pos);
        }
        problems.add(pos, "unsupported YAML tag " + tag + "; remove the `!` tag");
        return new YScalar(null, pos);
    }

    private static long parseInteger(String text) {
        if (text.startsWith("0x")) {
            return Long.parseLong(text.substring(2), 16);
        }
        if (text.startsWith("0o")) {
            return Long.parseLong(text.substring(2), 8);
        }
        return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    }

    private static double parseReal(String text) {
        String t = text.toLowerCase();
        if (t.endsWith(".inf")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.equals(".nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(text);
    }

    /**
     * Replaces {@code ${NAME}} and {@code ${NAME:-default}} (default used when NAME is unset or
     * empty, as in the shell); {@code $${} writes a literal {@code ${}. Null if a reference could
     * not be replaced (the problem is recorded).
     */
    private String substitute(String text, Pos pos) {
        StringBuilder out = new StringBuilder();
        boolean failed = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add(pos, "unclosed `${` in `" + text + "`; write ${NAME} (or $${ for a literal ${)");
                    return null;
                }
                String reference = text.substring(i + 2, end);
                int sep = reference.indexOf(":-");
                String name = sep < 0 ? reference : reference.substring(0, sep);
                if (!VAR_NAME.matcher(name).matches()) {
                    problems.add(pos, "`${" + reference + "}` is not a variable reference; write ${NAME} or"
                            + " ${NAME:-default} with NAME made of letters, digits and _");
                    failed = true;
                } else {
                    String value = env.get(name);
                    if (value == null || (sep >= 0 && value.isEmpty())) {
                        if (sep >= 0) {
                            value = reference.substring(sep + 2);
                        } else {
                            problems.add(pos, "environment variable `" + name + "` is not set; set it (export "
                                    + name + "=...) or give a default: ${" + name + ":-...}");
                            failed = true;
                            value = "";
                        }
                    }
                    out.append(value);
                }
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return failed ? null : out.toString();
    }
}
