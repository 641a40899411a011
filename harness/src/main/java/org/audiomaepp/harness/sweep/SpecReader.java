package org.audiomaepp.harness.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.audiomaepp.models.config.Setting;
import org.audiomaepp.models.config.Suggest;
import org.audiomaepp.harness.sweep.YamlTree.YEntry;
import org.audiomaepp.harness.sweep.YamlTree.YList;
import org.audiomaepp.harness.sweep.YamlTree.YMap;
import org.audiomaepp.harness.sweep.YamlTree.YNode;
import org.audiomaepp.harness.sweep.YamlTree.YScalar;

/**
 * Reads the structure of a sweep file (name, base, grid, zip, include, exclude, names,
 * synthetic, slurm) into a {@link Spec}, checking every key and value against the {@link Schema}.
 */
final class SpecReader {

    /** A normalized value and where it was written. */
    record Located(Object value, Pos pos) {}

    /** A grid or zip axis: a key and its values. */
    record Axis(String key, Pos pos, List<Located> values) {}

    /** An include or exclude entry (1-based number in its list), with an include's optional name. */
    record Entry(int number, Pos pos, Map<String, Located> assignment, Located name) {}

    /** The file's content, checked key by key; cross-key checks happen at expansion. */
    record Spec(
            String name,
            String description,
            Map<String, Located> base,
            Map<String, Pos> sectionPos,
            Pos basePos,
            List<Axis> grid,
            Pos gridPos,
            List<Axis> zip,
            Pos zipPos,
            List<Entry> includes,
            List<Entry> excludes,
            Map<String, Located> names) {}

    static final List<String> TOP_LEVEL =
            List.of("name", "description", "base", "synthetic", "slurm", "grid", "zip", "include", "exclude", "names");

    /** Sweep names become directory names. */
    static final Pattern SWEEP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path file;
    private final Problems problems;

    private SpecReader(Path file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    static Optional<Spec> read(YNode root, Path file, Problems problems) {
        return new SpecReader(file, problems).read(root);
    }

    private Optional<Spec> read(YNode root) {
        if (!(root instanceof YMap top)) {
            problems.add(root.pos(), "a sweep file is a mapping of " + String.join(", ", TOP_LEVEL)
                    + "; see sweeps/README.md");
            return Optional.empty();
        }
        String name = null;
        String description = "";
        Map<String, Located> base = new LinkedHashMap<>();
        Map<String, Pos> sectionPos = new HashMap<>();
        Pos basePos = null;
        List<Axis> grid = List.of();
        Pos gridPos = null;
        List<Axis> zip = List.of();
        Pos zipPos = null;
        List<Entry> includes = List.of();
        List<Entry> excludes = List.of();
        Map<String, Located> names = Map.of();
        for (YEntry e : top.entries()) {
            switch (e.key()) {
                case "name" -> name = sweepName(e);
                case "description" -> description = text(e, "description").orElse("");
                case "base" -> {
                    basePos = e.keyPos();
                    if (e.value() instanceof YMap m) {
                        for (YEntry section : m.entries()) {
                            sectionPos.put(section.key(), section.keyPos());
                        }
                        flatten("", m, base, "base");
                    } else if (!isNull(e.value())) {
                        problems.add(e.value().pos(), "`base` must be a mapping of sections: "
                                + String.join(", ", Schema.sections()));
                    }
                }
                case "synthetic" -> {
                    sectionPos.put("synthetic", e.keyPos());
                    if (e.value() instanceof YMap m) {
                        flatten("synthetic", m, base, "synthetic");
                    } else {
                        problems.add(e.value().pos(), "`synthetic` must be a mapping, e.g. {scale: tiny, seed: 0}");
                    }
                }
                case "slurm" -> {
                    sectionPos.put("slurm", e.keyPos());
                    if (e.value() instanceof YMap m) {
                        flatten("slurm", m, base, "slurm");
                    } else {
                        problems.add(e.value().pos(), "`slurm` must be a mapping, e.g. {partition: gpu, time: \"12:00:00\","
                                + " pretrain: {gpus: 1}}");
                    }
                }
                case "grid" -> {
                    gridPos = e.keyPos();
                    grid = axes(e, "grid");
                }
                case "zip" -> {
                    zipPos = e.keyPos();
                    zip = axes(e, "zip");
                }
                case "include" -> includes = entries(e, true);
                case "exclude" -> excludes = entries(e, false);
                case "names" -> names = names(e);
                default -> problems.add(e.keyPos(), "unknown top-level key `" + e.key() + "`; " + topLevelHint(e.key()));
            }
        }
        if (basePos == null) {
            problems.add(top.pos(), "no `base:`; every run starts from base (at least base.pretrain.corpus"
                    + " and base.tasks.dir)");
        }
        if (name == null && !top.entries().stream().anyMatch(e -> e.key().equals("name"))) {
            name = defaultName();
        }
        zip = checkZip(zip, grid);
        return Optional.of(new Spec(name, description, base, sectionPos, basePos == null ? top.pos() : basePos,
                grid, gridPos, zip, zipPos, includes, excludes, names));
    }

    private String topLevelHint(String key) {
        if (key.equals("<<")) {
            return "YAML 1.2 has no merge key `<<`; repeat the keys, or put shared values in base";
        }
        if (Schema.sections().contains(key)) {
            return "sections go under `base:` (base: {" + key + ": {...}})";
        }
        return Suggest.hint(key, TOP_LEVEL);
    }

    private String defaultName() {
        String stem = String.valueOf(file.getFileName()).replaceFirst("\\.ya?ml$", "");
        if (!SWEEP_NAME.matcher(stem).matches()) {
            problems.add(Pos.START, "no `name:` and the file name `" + stem + "` cannot serve as one;"
                    + " add name: with letters, digits, . _ -");
            return null;
        }
        return stem;
    }

    private String sweepName(YEntry e) {
        Optional<String> name = text(e, "name");
        if (name.isPresent() && !SWEEP_NAME.matcher(name.get()).matches()) {
            problems.add(e.value().pos(), "sweep name `" + name.get() + "` becomes a directory name;"
                    + " use letters, digits, . _ - (starting with a letter or digit)");
            return null;
        }
        return name.orElse(null);
    }

    private Optional<String> text(YEntry e, String what) {
        if (e.value() instanceof YScalar s && s.value() instanceof String str && !str.isBlank()) {
            return Optional.of(str);
        }
        problems.add(e.value().pos(), "`" + what + "` must be text, got "
                + (e.value() instanceof YScalar s ? Values.describe(s.value()) : "a list or mapping"));
        return Optional.empty();
    }

    /**
     * Walks a mapping of keys below {@code prefix} (nested mappings or dotted keys both work:
     * {@code decoder: {width: 512}} and {@code decoder.width: 512}) into dotted key -> value.
     */
    private void flatten(String prefix, YMap map, Map<String, Located> out, String where) {
        for (YEntry e : map.entries()) {
            String path = prefix.isEmpty() ? e.key() : prefix + "." + e.key();
            Optional<Setting> key = Schema.key(path);
            if (key.isPresent()) {
                Located earlier = out.get(path);
                if (earlier != null) {
                    problems.add(e.keyPos(), "`" + path + "` is set twice (also at line " + earlier.pos().line()
                            + "); keep one");
                    continue;
                }
                Values.coerce(key.get(), e.value(), problems).ifPresent(v -> out.put(path, new Located(v, e.value().pos())));
            } else if (Schema.isGroup(path)) {
                if (e.value() instanceof YMap inner) {
                    flatten(path, inner, out, where);
                } else {
                    problems.add(e.value().pos(), "`" + path + "` is a group of keys ("
                            + String.join(", ", Schema.children(path)) + "); write " + e.key() + ": {"
                            + Schema.children(path).get(0) + ": ...}");
                }
            } else {
                problems.add(e.keyPos(), unknownKey(e.key(), prefix, where));
            }
        }
    }

    private String unknownKey(String given, String prefix, String where) {
        if (given.equals("<<")) {
            return "YAML 1.2 has no merge key `<<`; repeat the keys, or put shared values in base";
        }
        String inside = prefix.isEmpty() ? "in " + where : "in `" + prefix + "`";
        if (prefix.isEmpty() && where.equals("base") && TOP_LEVEL.contains(given)) {
            return "`" + given + "` is a top-level key, not a section of base; move it out of base";
        }
        String what = prefix.isEmpty() && where.equals("base") ? "section" : "key";
        return "unknown " + what + " `" + given + "` " + inside + "; " + suggestion(given, prefix);
    }

    /** "did you mean" over the keys below prefix: same last word elsewhere, else edit distance. */
    static String suggestion(String given, String prefix) {
        List<String> below = Schema.below(prefix);
        String last = given.substring(given.lastIndexOf('.') + 1);
        List<String> sameLast = below.stream().filter(k -> k.equals(last) || k.endsWith("." + last)).toList();
        if (sameLast.size() == 1 && !sameLast.get(0).equals(given)) {
            return "did you mean `" + sameLast.get(0) + "`?";
        }
        Set<String> candidates = new LinkedHashSet<>(Schema.children(prefix));
        candidates.addAll(below);
        return Suggest.closest(given, candidates)
                .map(c -> "did you mean `" + c + "`?")
                .orElse("valid: " + String.join(", ", Schema.children(prefix)));
    }

    private List<Axis> axes(YEntry e, String what) {
        if (!(e.value() instanceof YMap map) || map.entries().isEmpty()) {
            if (e.value() instanceof YMap || isNull(e.value())) {
                problems.add(e.keyPos(), "`" + what + "` is empty; add an axis (e.g. model.rope: [none, both])"
                        + " or remove `" + what + ":`");
            } else {
                problems.add(e.value().pos(), "`" + what + "` must be a mapping of dotted keys to lists,"
                        + " e.g. model.rope: [none, both]");
            }
            return List.of();
        }
        List<Axis> axes = new ArrayList<>();
        for (YEntry a : map.entries()) {
            Optional<Setting> key = Schema.key(a.key());
            if (key.isEmpty()) {
                String why = Schema.isGroup(a.key())
                        ? "`" + a.key() + "` is a group; " + what + " keys are full dotted keys such as `"
                                + a.key() + "." + Schema.children(a.key()).get(0) + "`"
                        : "unknown key `" + a.key() + "` in " + what + "; " + suggestion(a.key(), "");
                problems.add(a.keyPos(), why);
                continue;
            }
            if (Schema.SWEEP_WIDE_SECTIONS.contains(key.get().section())) {
                problems.add(a.keyPos(), sweepWide(a.key(), what));
                continue;
            }
            if (!(a.value() instanceof YList list)) {
                problems.add(a.value().pos(), what + " axis `" + a.key() + "` needs a list of values, e.g. ["
                        + example(key.get()) + "]; a single value belongs in base");
                problems.invalid(a.key());
                continue;
            }
            if (list.items().isEmpty()) {
                problems.add(a.value().pos(), what + " axis `" + a.key() + "` is an empty list; give at least one"
                        + " value or remove the axis");
                problems.invalid(a.key());
                continue;
            }
            List<Located> values = new ArrayList<>();
            Map<String, Pos> seen = new HashMap<>();
            boolean ok = true;
            for (YNode item : list.items()) {
                Optional<Object> v = Values.coerce(key.get(), item, problems);
                if (v.isEmpty()) {
                    ok = false;
                    continue;
                }
                // a zip list may repeat a value (tokens: [patch, patch, frame]); a grid axis may not
                Pos first = what.equals("grid") ? seen.putIfAbsent(Canonical.json(v.get()), item.pos()) : null;
                if (first != null) {
                    problems.add(item.pos(), what + " axis `" + a.key() + "` lists `" + Canonical.text(v.get())
                            + "` twice (also at line " + first.line() + "); remove one");
                    ok = false;
                }
                values.add(new Located(v.get(), item.pos()));
            }
            if (ok) {
                axes.add(new Axis(a.key(), a.keyPos(), List.copyOf(values)));
            } else {
                problems.invalid(a.key());
            }
        }
        return List.copyOf(axes);
    }

    private static String example(Setting key) {
        return switch (key.type()) {
            case ENUM -> String.join(", ", key.choices());
            case INT -> "1, 2";
            case REAL -> "0.5, 0.75";
            case BOOL -> "false, true";
            case STRING_LIST -> "[BO], [E50]";
            case REAL_PAIR -> "[0.9, 0.95], [0.9, 0.999]";
            case STRING, PATH -> "a, b";
        };
    }

    /** The zip if its lists can be advanced together, else nothing (after reporting why). */
    private List<Axis> checkZip(List<Axis> zip, List<Axis> grid) {
        if (zip.isEmpty()) {
            return zip;
        }
        int n = zip.get(0).values().size();
        boolean ok = true;
        for (Axis a : zip) {
            if (a.values().size() != n) {
                ok = false;
                problems.add(a.pos(), "zip lists must have equal lengths: `" + zip.get(0).key() + "` has " + n
                        + " values, `" + a.key() + "` has " + a.values().size()
                        + "; zip advances them together (use grid for all combinations)");
            }
            for (Axis g : grid) {
                if (g.key().equals(a.key())) {
                    problems.add(a.pos(), "`" + a.key() + "` is in both grid (line " + g.pos().line()
                            + ") and zip; keep it in one");
                    ok = false;
                }
            }
        }
        if (!ok) {
            zip.forEach(a -> problems.invalid(a.key()));
            return List.of();
        }
        return zip;
    }

    private List<Entry> entries(YEntry e, boolean include) {
        String what = include ? "include" : "exclude";
        if (!(e.value() instanceof YList list) || list.items().isEmpty()) {
            problems.add(isNull(e.value()) ? e.keyPos() : e.value().pos(), "`" + what + "` must be a non-empty list of"
                    + " mappings, e.g. - {model.rope: both" + (include ? ", name: my-run" : "") + "}");
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        int number = 0;
        for (YNode item : list.items()) {
            number++;
            if (!(item instanceof YMap map) || map.entries().isEmpty()) {
                problems.add(item.pos(), what + " #" + number + " must be a non-empty mapping of dotted keys to"
                        + " values, e.g. {model.rope: both}");
                continue;
            }
            Located name = null;
            List<YEntry> keys = new ArrayList<>();
            for (YEntry k : map.entries()) {
                if (k.key().equals("name")) {
                    if (!include) {
                        problems.add(k.keyPos(), "exclude entries match config values, not run names;"
                                + " write the keys and values of the runs to drop");
                    } else if (k.value() instanceof YScalar s && s.value() instanceof String str && !str.isBlank()) {
                        name = new Located(str, k.value().pos());
                    } else {
                        problems.add(k.value().pos(), "include #" + number + ": `name` must be text");
                    }
                } else {
                    keys.add(k);
                }
            }
            if (keys.isEmpty()) {
                problems.add(item.pos(), what + " #" + number + " sets no key; give at least one, e.g. model.rope: both");
                continue;
            }
            Map<String, Located> assignment = new LinkedHashMap<>();
            flatten("", new YMap(keys, map.pos()), assignment, what + " #" + number);
            for (Map.Entry<String, Located> a : List.copyOf(assignment.entrySet())) {
                if (Schema.key(a.getKey()).map(k -> Schema.SWEEP_WIDE_SECTIONS.contains(k.section())).orElse(false)) {
                    problems.add(a.getValue().pos(), sweepWide(a.getKey(), what + " #" + number));
                    assignment.remove(a.getKey());
                }
            }
            out.add(new Entry(number, item.pos(), assignment, name));
        }
        return List.copyOf(out);
    }

    private Map<String, Located> names(YEntry e) {
        if (!(e.value() instanceof YMap map)) {
            problems.add(e.value().pos(), "`names` maps derived run names to the names to show, e.g."
                    + " names: {\"rope=both\": rope-everywhere}");
            return Map.of();
        }
        Map<String, Located> out = new LinkedHashMap<>();
        for (YEntry n : map.entries()) {
            if (n.value() instanceof YScalar s && s.value() instanceof String str && !str.isBlank()) {
                out.put(n.key(), new Located(str, n.keyPos()));
            } else {
                problems.add(n.value().pos(), "the name for `" + n.key() + "` must be text");
            }
        }
        return out;
    }

    /** Why a key of a sweep-wide section cannot vary between runs. */
    private static String sweepWide(String key, String where) {
        String section = key.substring(0, key.indexOf('.'));
        return "`" + key + "` cannot be in " + where + ": " + section + " settings are the same for every run"
                + " (jobs are shared between runs); set it once in the top-level `" + section + ":` section";
    }

    private static boolean isNull(YNode node) {
        return node instanceof YScalar s && s.value() == null;
    }
}
