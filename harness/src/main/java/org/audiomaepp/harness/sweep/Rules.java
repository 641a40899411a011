package org.audiomaepp.harness.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Setting;
import org.audiomaepp.models.config.SettingRule;
import org.audiomaepp.models.train.PretrainConfig;

/**
 * Checks across keys of one resolved run: combinations that cannot be built or that would
 * silently mean something else. Each rule names the keys it reads, so that its problem is
 * reported at the line that set one of them.
 */
final class Rules {

    private Rules() {}

    /**
     * Every rule of a run: the models module's (what can be built and pretrained), then the
     * harness's own (combinations that would silently mean something else, and the task choice).
     */
    static final List<SettingRule> ALL = Schema.concat(ModelConfig.RULES, PretrainConfig.RULES, List.of(
            SettingRule.of(c -> c.get("model.masking").equals("time") && c.get("model.tokens").equals("frame")
                    ? "with `tokens: frame` every token is a time step, so `masking: time` is `masking: random`;"
                            + " write random"
                    : null, "model.masking", "model.tokens"),
            SettingRule.of(c -> c.get("model.rope_positions").equals("grid") && c.get("model.rope").equals("none")
                    ? "`rope_positions: grid` only matters with RoPE; set `rope: decoder` or `both`, or drop"
                            + " rope_positions (exclude {model.rope: none, model.rope_positions: grid} in a grid)"
                    : null, "model.rope_positions", "model.rope"),
            oneOf("pretrain.corpus", "pretrain.from",
                    "give either `pretrain.corpus` (pretrain here) or `pretrain.from` (start from a checkpoint), not both",
                    "`pretrain.corpus` is not set; add it under base: (pretrain: {corpus: ...}), the directory of"
                            + " the pretraining clips, or set `pretrain.from` to a checkpoint"),
            SettingRule.of(c -> c.get("embedding.layout").equals("official-audiomaepp") && c.get("model.tokens").equals("frame")
                    ? "`layout: official-audiomaepp` re-creates a reshape of patch tokens; with `tokens: frame`"
                            + " use `layout: time-major`"
                    : null, "embedding.layout", "model.tokens"),
            oneOf("tasks.suite", "tasks.names", "give either `tasks.suite` or `tasks.names`, not both",
                    "no tasks: set `tasks.suite` (hear10 or synth10) or `tasks.names` (e.g. [BO, E50])")));

    /** Exactly one of two optional keys: {@code both} when both are set, {@code neither} when none is. */
    private static SettingRule oneOf(String a, String b, String both, String neither) {
        return SettingRule.of(c -> {
            boolean hasA = c.containsKey(a);
            boolean hasB = c.containsKey(b);
            return hasA && hasB ? both : hasA || hasB ? null : neither;
        }, a, b);
    }

    private static boolean optional(String path) {
        return Schema.key(path).map(k -> k.presence() == Setting.Presence.OPTIONAL).orElse(false);
    }

    /**
     * Problems of one run (a flat resolved config), in rule order. Keys added later and left out
     * of the config at their defaults are read at those defaults.
     */
    static List<Map.Entry<SettingRule, String>> check(Map<String, Object> flat) {
        Map<String, Object> full = new HashMap<>(flat);
        for (Setting k : Schema.keys()) {
            if (k.addedLater()) {
                full.putIfAbsent(k.path(), k.defaultValue());
            }
        }
        List<Map.Entry<SettingRule, String>> out = new ArrayList<>();
        for (SettingRule r : ALL) {
            // A rule is read once every key it names is known; optional keys may be absent (the rule decides).
            if (!full.keySet().containsAll(r.paths().stream().filter(p -> !optional(p)).toList())) {
                continue;
            }
            String message = r.check().apply(full);
            if (message != null) {
                out.add(Map.entry(r, message));
            }
        }
        return out;
    }
}
