package org.audiomaepp.harness.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks across keys of one resolved run: combinations that cannot be built or that would
 * silently mean something else. Each rule names the keys it reads, so that its problem is
 * reported at the line that set one of them.
 */
final class Rules {

    /** A check over a flat resolved config (dotted key -> value); null when fine. */
    record Rule(List<String> keys, Function<Map<String, Object>, String> check) {}

    private Rules() {}

    static final List<Rule> ALL = List.of(
            new Rule(List.of("model.heads", "model.width"), c ->
                    divides(c, "model.heads", "model.width")),
            new Rule(List.of("model.decoder.heads", "model.decoder.width"), c ->
                    divides(c, "model.decoder.heads", "model.decoder.width")),
            new Rule(List.of("model.masking", "model.tokens"), c ->
                    c.get("model.masking").equals("chunk") && c.get("model.tokens").equals("frame")
                            ? "`masking: chunk` draws squares of patches and needs `tokens: patch`; with frame tokens"
                                    + " use `masking: random` (MAE-AST's frame setting)"
                            : null),
            new Rule(List.of("model.masking", "model.tokens"), c ->
                    c.get("model.masking").equals("time") && c.get("model.tokens").equals("frame")
                            ? "with `tokens: frame` every token is a time step, so `masking: time` is `masking: random`;"
                                    + " write random"
                            : null),
            new Rule(List.of("model.mask_ratio", "model.masking", "model.tokens"), Rules::keepsSomething),
            new Rule(List.of("model.rope", "model.width", "model.heads"), c ->
                    c.get("model.rope").equals("both") ? evenHeadDim(c, "model.width", "model.heads", "encoder") : null),
            new Rule(List.of("model.rope", "model.decoder.width", "model.decoder.heads"), c ->
                    !c.get("model.rope").equals("none")
                            ? evenHeadDim(c, "model.decoder.width", "model.decoder.heads", "decoder") : null),
            new Rule(List.of("model.width", "model.tokens", "model.rope"), Rules::encoderTable),
            new Rule(List.of("model.decoder.width", "model.rope"), c ->
                    c.get("model.rope").equals("none") && (long) c.get("model.decoder.width") % 2 != 0
                            ? "the decoder's sin-cos table needs an even `decoder.width`, got "
                                    + c.get("model.decoder.width")
                            : null),
            new Rule(List.of("model.rope_positions", "model.rope"), c ->
                    c.get("model.rope_positions").equals("grid") && c.get("model.rope").equals("none")
                            ? "`rope_positions: grid` only matters with RoPE; set `rope: decoder` or `both`, or drop"
                                    + " rope_positions (exclude {model.rope: none, model.rope_positions: grid} in a grid)"
                            : null),
            new Rule(List.of("model.rope_tables", "model.rope"), c ->
                    "added".equals(c.get("model.rope_tables")) && c.get("model.rope").equals("none")
                            ? "`rope_tables: added` only matters with RoPE; set `rope: decoder` or `both`, or drop it"
                            : null),
            new Rule(List.of("pretrain.corpus", "pretrain.from"), c -> {
                boolean corpus = c.containsKey("pretrain.corpus");
                boolean from = c.containsKey("pretrain.from");
                if (corpus && from) {
                    return "give either `pretrain.corpus` (pretrain here) or `pretrain.from` (start from a checkpoint),"
                            + " not both";
                }
                return corpus || from ? null
                        : "`pretrain.corpus` is not set; add it under base: (pretrain: {corpus: ...}), the directory of"
                                + " the pretraining clips, or set `pretrain.from` to a checkpoint";
            }),
            new Rule(List.of("embedding.layout", "model.tokens"), c ->
                    c.get("embedding.layout").equals("official-audiomaepp") && c.get("model.tokens").equals("frame")
                            ? "`layout: official-audiomaepp` re-creates a reshape of patch tokens; with `tokens: frame`"
                                    + " use `layout: time-major`"
                            : null),
            new Rule(List.of("pretrain.micro_batch", "pretrain.batch_size"), c -> {
                long micro = (long) c.get("pretrain.micro_batch");
                long batch = (long) c.get("pretrain.batch_size");
                return batch % micro != 0
                        ? "`micro_batch` (" + micro + ") must divide `batch_size` (" + batch + ") to accumulate whole"
                                + " batches; try " + largestDivisorAtMost(batch, micro)
                        : null;
            }),
            new Rule(List.of("pretrain.warmup_epochs", "pretrain.epochs"), c ->
                    (double) c.get("pretrain.warmup_epochs") > (long) c.get("pretrain.epochs")
                            ? "`warmup_epochs` (" + Canonical.text(c.get("pretrain.warmup_epochs"))
                                    + ") is longer than training (" + c.get("pretrain.epochs") + " epochs); lower it"
                            : null),
            new Rule(List.of("tasks.suite", "tasks.names"), c -> {
                boolean suite = c.containsKey("tasks.suite");
                boolean names = c.containsKey("tasks.names");
                if (suite && names) {
                    return "give either `tasks.suite` or `tasks.names`, not both";
                }
                return suite || names ? null
                        : "no tasks: set `tasks.suite` (hear10 or synth10) or `tasks.names` (e.g. [BO, E50])";
            }));

    /** Problems of one run: rule index and message, in rule order. */
    static List<Map.Entry<Rule, String>> check(Map<String, Object> flat) {
        List<Map.Entry<Rule, String>> out = new ArrayList<>();
        for (Rule r : ALL) {
            String message = r.check().apply(flat);
            if (message != null) {
                out.add(Map.entry(r, message));
            }
        }
        return out;
    }

    private static String divides(Map<String, Object> c, String headsKey, String widthKey) {
        long heads = (long) c.get(headsKey);
        long width = (long) c.get(widthKey);
        if (width % heads == 0) {
            return null;
        }
        List<Long> options = new ArrayList<>();
        for (long h = 1; h <= width && options.size() < 64; h++) {
            if (width % h == 0) {
                options.add(h);
            }
        }
        long nearest = options.stream().min((a, b) -> Long.compare(Math.abs(a - heads), Math.abs(b - heads))).orElse(1L);
        return "`" + shortName(headsKey) + "` (" + heads + ") must divide `" + shortName(widthKey) + "` (" + width
                + "); nearest that does: " + nearest;
    }

    private static String evenHeadDim(Map<String, Object> c, String widthKey, String headsKey, String side) {
        long width = (long) c.get(widthKey);
        long heads = (long) c.get(headsKey);
        if (width % heads != 0) {
            return null;
        }
        long headDim = width / heads;
        return headDim % 2 != 0
                ? "RoPE rotates pairs of channels and needs an even head size; the " + side + "'s is " + width + "/"
                        + heads + " = " + headDim + "; change `" + shortName(headsKey) + "` or `" + shortName(widthKey) + "`"
                : null;
    }

    private static String encoderTable(Map<String, Object> c) {
        if (c.get("model.rope").equals("both")) {
            return null;
        }
        long width = (long) c.get("model.width");
        boolean patch = c.get("model.tokens").equals("patch");
        long multiple = patch ? 4 : 2;
        return width % multiple != 0
                ? "the encoder's " + (patch ? "2-D" : "1-D") + " sin-cos table needs `width` divisible by " + multiple
                        + ", got " + width
                : null;
    }

    private static String keepsSomething(Map<String, Object> c) {
        double ratio = (double) c.get("model.mask_ratio");
        long units = c.get("model.masking").equals("time") ? 50 : c.get("model.tokens").equals("patch") ? 250 : 100;
        String unit = c.get("model.masking").equals("time") ? "time steps" : "tokens";
        long kept = (long) Math.floor(units * (1 - ratio));
        return kept < 1
                ? "`mask_ratio` " + Canonical.text(ratio) + " keeps none of the " + units + " " + unit
                        + " (floor(" + units + " x (1 - ratio)) = 0); use at most " + Canonical.text(1 - 1.0 / units)
                : null;
    }

    private static long largestDivisorAtMost(long n, long limit) {
        for (long d = Math.min(n, limit); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }

    private static String shortName(String key) {
        return key.substring(key.indexOf('.') + 1);
    }
}
