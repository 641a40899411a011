package org.audiomaepp.models.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.audiomaepp.models.BadConfigException;

/**
 * A check across settings: a combination that cannot be built. It reads a flat config (dotted path
 * to normalized value: Long, Double, lower-case words) and names the settings it reads, so that a
 * sweep file's problem is reported at the line that set one of them. The same rules guard the
 * typed configs' constructors and a sweep's validation.
 *
 * @param paths the settings it reads
 * @param check the problem and its fix, or null when the combination is fine
 */
public record SettingRule(List<String> paths, Function<Map<String, Object>, String> check) {

    public SettingRule {
        paths = List.copyOf(paths);
    }

    /** A rule over {@code paths}. */
    public static SettingRule of(Function<Map<String, Object>, String> check, String... paths) {
        return new SettingRule(List.of(paths), check);
    }

    /** The problems of a flat config, in rule order. */
    public static List<String> problems(List<SettingRule> rules, Map<String, Object> flat) {
        List<String> out = new ArrayList<>();
        for (SettingRule r : rules) {
            String p = r.check().apply(flat);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Fails on the first setting out of its bounds, then on the first broken rule: what a typed
     * config's constructor runs, so that a config built in code obeys what a sweep file must.
     */
    public static void require(List<Setting> settings, List<SettingRule> rules, Map<String, Object> flat) {
        for (Setting s : settings) {
            Object v = flat.get(s.path());
            if (v instanceof Number n && (s.type() == Setting.Type.INT || s.type() == Setting.Type.REAL)
                    && !s.inRange(n.doubleValue())) {
                throw new BadConfigException("`" + s.path() + "` must be " + s.allowed() + "; got " + v);
            }
        }
        List<String> problems = problems(rules, flat);
        if (!problems.isEmpty()) {
            throw new BadConfigException(problems.get(0));
        }
    }
}
