package org.audiomaepp.harness.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.audiomaepp.models.config.Setting;
import org.audiomaepp.models.config.Suggest;
import org.audiomaepp.models.config.SettingRule;
import org.audiomaepp.harness.sweep.SpecReader.Axis;
import org.audiomaepp.harness.sweep.SpecReader.Entry;
import org.audiomaepp.harness.sweep.SpecReader.Located;
import org.audiomaepp.harness.sweep.SpecReader.Spec;

/**
 * Turns a checked {@link Spec} into runs: grid x zip over base, minus excludes, plus includes;
 * fills defaults; checks cross-key rules; names the runs.
 */
final class Expander {

    /** An unresolved run: what it sets over base, where it comes from, and its include entry if any. */
    private record Candidate(Map<String, Located> assignment, Pos pos, Entry include) {}

    /** A run with every key resolved (dotted key -> value) and where each set key was written. */
    private record Resolved(Candidate candidate, Map<String, Object> flat, Map<String, Pos> origin) {}

    private static final int NAMES_SHOWN = 3;

    private final Spec spec;
    private final Problems problems;
    private final List<RunCheck> checks;

    private Expander(Spec spec, Problems problems, List<RunCheck> checks) {
        this.spec = spec;
        this.problems = problems;
        this.checks = checks;
    }

    static Sweep expand(Path file, Spec spec, Problems problems, List<RunCheck> checks) {
        return new Expander(spec, problems, checks).expand(file);
    }

    private Sweep expand(Path file) {
        // With problems already found, some values were dropped and defaults stand in for them:
        // checks of the whole sweep (counts, duplicates, names) would report consequences, not causes.
        boolean clean = !problems.any();
        List<Resolved> runs = new ArrayList<>();
        int[] excluded = new int[spec.excludes().size()];
        for (Candidate c : product()) {
            Resolved r = resolve(c);
            boolean drop = false;
            for (int i = 0; i < spec.excludes().size(); i++) {
                if (matches(spec.excludes().get(i), r.flat())) {
                    excluded[i]++;
                    drop = true;
                }
            }
            if (!drop) {
                runs.add(r);
            }
        }
        for (int i = 0; i < excluded.length && clean; i++) {
            if (excluded[i] == 0) {
                Entry e = spec.excludes().get(i);
                problems.add(e.pos(), "exclude #" + e.number() + " matches no run of the grid; check its keys and"
                        + " values against grid/zip/base, or remove it");
            }
        }
        for (Entry include : spec.includes()) {
            runs.add(resolve(new Candidate(include.assignment(), include.pos(), include)));
        }
        if (runs.isEmpty() && clean) {
            Pos pos = spec.excludes().isEmpty() ? spec.basePos() : spec.excludes().get(0).pos();
            problems.add(pos, "the sweep expands to no runs: exclude drops every combination of the grid;"
                    + " loosen exclude or add include entries");
        }
        if (runs.isEmpty()) {
            problems.throwIfAny();
        }

        List<String> primary = primaryAxes(runs);
        List<String> includeKeys = includeKeys(primary);
        Map<String, String> labels = labels(primary, includeKeys);
        List<Map<String, Object>> axes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Resolved r : runs) {
            Map<String, Object> a = axesOf(r, primary, includeKeys);
            axes.add(a);
            names.add(derivedName(a, labels));
        }
        applyNameOverrides(runs, names, clean);
        if (clean) {
            checkDuplicates(runs, names);
        }
        checkRules(runs, names, clean);
        problems.throwIfAny();

        List<Run> out = new ArrayList<>();
        Set<String> usedAxes = new LinkedHashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            usedAxes.addAll(axes.get(i).keySet());
            out.add(new Run(names.get(i), Collections.unmodifiableMap(axes.get(i)), nest(runs.get(i).flat())));
        }
        List<String> sweepAxes = new ArrayList<>(primary);
        includeKeys.stream().filter(usedAxes::contains).forEach(sweepAxes::add);
        return new Sweep(spec.name(), spec.description(), file, out, sweepAxes);
    }

    /** Grid axes in file order (first slowest), then the zip as one more axis (fastest). */
    private List<Candidate> product() {
        List<List<Map<String, Located>>> dims = new ArrayList<>();
        for (Axis a : spec.grid()) {
            List<Map<String, Located>> options = new ArrayList<>();
            for (Located v : a.values()) {
                options.add(Map.of(a.key(), v));
            }
            dims.add(options);
        }
        if (!spec.zip().isEmpty()) {
            List<Map<String, Located>> tuples = new ArrayList<>();
            for (int i = 0; i < spec.zip().get(0).values().size(); i++) {
                Map<String, Located> t = new LinkedHashMap<>();
                for (Axis a : spec.zip()) {
                    t.put(a.key(), a.values().get(i));
                }
                tuples.add(t);
            }
            dims.add(tuples);
        }
        List<Candidate> out = new ArrayList<>();
        int[] index = new int[dims.size()];
        while (true) {
            Map<String, Located> assignment = new LinkedHashMap<>();
            for (int d = 0; d < dims.size(); d++) {
                assignment.putAll(dims.get(d).get(index[d]));
            }
            Pos pos = assignment.values().stream().map(Located::pos).findFirst().orElse(spec.basePos());
            out.add(new Candidate(assignment, pos, null));
            int d = dims.size() - 1;
            while (d >= 0 && ++index[d] == dims.get(d).size()) {
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                return out;
            }
        }
    }

    private Resolved resolve(Candidate c) {
        Map<String, Located> given = new HashMap<>(spec.base());
        given.putAll(c.assignment());
        Set<String> sections = new HashSet<>(Schema.sections());
        sections.removeIf(s -> Schema.OPTIONAL_SECTIONS.contains(s)
                && given.keySet().stream().noneMatch(k -> k.startsWith(s + ".")));
        Map<String, Object> flat = new LinkedHashMap<>();
        Map<String, Pos> origin = new HashMap<>();
        for (Setting k : Schema.keys()) {
            if (!sections.contains(k.section())) {
                continue;
            }
            Located set = given.get(k.path());
            if (set != null) {
                origin.put(k.path(), set.pos());
                // a key added after runs were made stays out of the config (and the job keys) at its default
                if (!(k.addedLater() && Objects.equals(set.value(), k.defaultValue()))) {
                    flat.put(k.path(), set.value());
                }
                continue;
            }
            switch (k.presence()) {
                case DEFAULT -> {
                    if (!k.addedLater()) {
                        flat.put(k.path(), k.defaultValue());
                    }
                }
                case DERIVED -> flat.put(k.path(), derived(k.path(), flat));
                case REQUIRED -> {
                    if (!problems.isInvalid(k.path())) {
                        problems.add(spec.sectionPos().getOrDefault(k.section(), spec.basePos()),
                                "`" + k.path() + "` is not set; add it under base: (" + k.section() + ": {"
                                        + k.path().substring(k.section().length() + 1) + ": ...}); it is " + k.doc());
                    }
                }
                case OPTIONAL -> { }
            }
        }
        return new Resolved(c, flat, origin);
    }

    /** Values a key takes when not set: model sizes from the preset, micro_batch = batch_size. */
    private static Object derived(String path, Map<String, Object> flat) {
        Schema.Preset p = Schema.presets().get((String) flat.get("model.preset"));
        return switch (path) {
            case "model.width" -> p.width();
            case "model.depth" -> p.depth();
            case "model.heads" -> p.heads();
            case "model.decoder.width" -> p.decoderWidth();
            case "model.decoder.depth" -> p.decoderDepth();
            case "model.decoder.heads" -> p.decoderHeads();
            case "pretrain.micro_batch" -> flat.get("pretrain.batch_size");
            default -> throw new IllegalStateException("no derivation for " + path);
        };
    }

    private static boolean matches(Entry exclude, Map<String, Object> flat) {
        return exclude.assignment().entrySet().stream()
                .allMatch(e -> Objects.equals(flat.get(e.getKey()), e.getValue().value()));
    }

    /** Grid and zip keys whose value is not the same in every run. */
    private List<String> primaryAxes(List<Resolved> runs) {
        List<String> out = new ArrayList<>();
        List<Axis> declared = new ArrayList<>(spec.grid());
        declared.addAll(spec.zip());
        for (Axis a : declared) {
            Set<String> values = new HashSet<>();
            runs.forEach(r -> values.add(Canonical.json(r.flat().get(a.key()))));
            if (values.size() > 1) {
                out.add(a.key());
            }
        }
        return out;
    }

    private List<String> includeKeys(List<String> primary) {
        Set<String> keys = new LinkedHashSet<>();
        for (Entry e : spec.includes()) {
            e.assignment().keySet().stream().filter(k -> !primary.contains(k)).forEach(keys::add);
        }
        return List.copyOf(keys);
    }

    /** A run's coordinates: the varying grid/zip keys, plus what its include entry sets. */
    private static Map<String, Object> axesOf(Resolved r, List<String> primary, List<String> includeKeys) {
        Map<String, Object> a = new LinkedHashMap<>();
        for (String k : primary) {
            if (r.flat().containsKey(k)) {
                a.put(k, r.flat().get(k));
            }
        }
        Entry include = r.candidate().include();
        if (include != null) {
            for (String k : includeKeys) {
                if (include.assignment().containsKey(k)) {
                    a.put(k, r.flat().get(k));
                }
            }
        }
        return a;
    }

    /**
     * How a key appears in run names: without its section (rope, decoder.width), or in full when
     * two keys would look alike (pretrain.batch_size and embedding.batch_size).
     */
    private static Map<String, String> labels(List<String> primary, List<String> includeKeys) {
        List<String> all = new ArrayList<>(primary);
        all.addAll(includeKeys);
        Map<String, String> out = new HashMap<>();
        for (String key : all) {
            String label = withoutSection(key);
            boolean clash = all.stream().anyMatch(o -> !o.equals(key) && withoutSection(o).equals(label));
            out.put(key, clash ? key : label);
        }
        return out;
    }

    private static String withoutSection(String key) {
        return key.substring(key.indexOf('.') + 1);
    }

    private static String derivedName(Map<String, Object> axes, Map<String, String> labels) {
        if (axes.isEmpty()) {
            return "base";
        }
        List<String> parts = new ArrayList<>();
        axes.forEach((k, v) -> parts.add(labels.get(k) + "=" + Canonical.text(v)));
        return String.join(",", parts);
    }

    private void applyNameOverrides(List<Resolved> runs, List<String> names, boolean clean) {
        List<String> derived = List.copyOf(names);
        for (Map.Entry<String, Located> e : spec.names().entrySet()) {
            if (clean && !derived.contains(e.getKey())) {
                problems.add(e.getValue().pos(), "`names` renames `" + e.getKey() + "`, but no run has that name; "
                        + Suggest.closest(e.getKey(), derived).map(c -> "did you mean `" + c + "`?")
                                .orElse("derived names: " + String.join(", ", derived)));
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            Located override = spec.names().get(derived.get(i));
            Entry include = runs.get(i).candidate().include();
            if (include != null && include.name() != null) {
                override = include.name();
            }
            if (override != null) {
                names.set(i, (String) override.value());
            }
        }
    }

    private void checkDuplicates(List<Resolved> runs, List<String> names) {
        Map<String, Integer> byConfig = new HashMap<>();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Resolved r = runs.get(i);
            Integer same = byConfig.putIfAbsent(Canonical.json(r.flat()), i);
            if (same != null) {
                problems.add(r.candidate().pos(), source(r) + " has the same config as run `" + names.get(same)
                        + "` (" + source(runs.get(same)) + "); remove one of them");
                continue;
            }
            Integer named = byName.putIfAbsent(names.get(i), i);
            if (named != null) {
                problems.add(r.candidate().pos(), "two runs are named `" + names.get(i) + "` (" + source(runs.get(named))
                        + " and " + source(r) + "); rename one under `names:` or with `name:` in its include entry");
            }
        }
    }

    private static String source(Resolved r) {
        Entry include = r.candidate().include();
        return include != null
                ? "include #" + include.number() + " (line " + include.pos().line() + ")"
                : "a grid run (line " + r.candidate().pos().line() + ")";
    }

    /** Cross-key rules and external checks; one problem per (place, message), naming the runs. */
    private void checkRules(List<Resolved> runs, List<String> names, boolean clean) {
        Map<Pos, Map<String, List<String>>> found = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Resolved r = runs.get(i);
            boolean ruled = false;
            for (Map.Entry<SettingRule, String> p : Rules.check(r.flat())) {
                ruled = true;
                if (p.getKey().paths().stream().anyMatch(problems::isInvalid)) {
                    continue;
                }
                found.computeIfAbsent(where(r, p.getKey().paths()), k -> new LinkedHashMap<>())
                        .computeIfAbsent(p.getValue(), k -> new ArrayList<>()).add(names.get(i));
            }
            // external checks would repeat a rule's problem in other words
            if (!clean || ruled) {
                continue;
            }
            Map<String, Object> config = nest(r.flat());
            for (RunCheck check : checks) {
                Optional<String> problem = check.problem(config);
                if (problem.isPresent()) {
                    found.computeIfAbsent(r.candidate().pos(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(problem.get(), k -> new ArrayList<>()).add(names.get(i));
                }
            }
        }
        found.forEach((pos, messages) -> messages.forEach((message, runNames) ->
                problems.add(pos, message + " (" + runList(runNames, runs.size()) + ")")));
    }

    private static String runList(List<String> names, int total) {
        if (names.size() == total && total > 1) {
            return "every run";
        }
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        String more = names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "";
        return (names.size() == 1 ? "run " : "runs ") + shown + more;
    }

    /**
     * Where to report a rule: the line of the run's own setting of one of its keys, else the base
     * line, else the preset line (for sizes it filled in), else the section.
     */
    private Pos where(Resolved r, List<String> keys) {
        for (String k : keys) {
            if (r.candidate().assignment().containsKey(k)) {
                return r.origin().get(k);
            }
        }
        for (String k : keys) {
            if (r.origin().containsKey(k)) {
                return r.origin().get(k);
            }
        }
        if (r.origin().containsKey("model.preset") && keys.stream().anyMatch(k -> k.startsWith("model."))) {
            return r.origin().get("model.preset");
        }
        String section = keys.get(0).substring(0, keys.get(0).indexOf('.'));
        return spec.sectionPos().getOrDefault(section, spec.basePos());
    }

    /** Dotted keys to nested unmodifiable maps: model.decoder.width -> model: {decoder: {width}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            }
            node.put(parts[parts.length - 1], e.getValue());
        }
        return freeze(root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? freeze((Map<String, Object>) m) : v));
        return Collections.unmodifiableMap(out);
    }
}
