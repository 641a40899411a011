package org.audiomaepp.harness.report;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which published model a run reproduces: the run config's {@code report.reproduces}, or else a
 * derivation from {@code model.preset} and {@code model.block} (transformer++ blocks are AudioMAE++,
 * vanilla blocks the MAE baselines of the same size).
 *
 * @param model the published model's name in Table 2
 * @param how a phrase saying where the link comes from
 */
public record ReproducedModel(String model, String how) {
    private static final Map<String, String> BY_PRESET_AND_BLOCK = Map.of(
            "tiny/plusplus", "AudioMAE++-Tiny",
            "base/plusplus", "AudioMAE++-Base",
            "large/plusplus", "AudioMAE++-Large",
            "tiny/vanilla", "MAE-Tiny",
            "base/vanilla", "MAE-Base",
            "huge/vanilla", "MAE-Huge");

    /** The model a run reproduces, if its config names one that the published table has. */
    public static Optional<ReproducedModel> of(RunProvenance run, PublishedTable table) {
        Optional<Object> explicit = run.configValue("report.reproduces");
        if (explicit.isPresent()) {
            String name = String.valueOf(explicit.get());
            return table.model(name).map(m -> new ReproducedModel(m.name(), "report.reproduces in the run config"));
        }
        Optional<Object> preset = run.configValue("model.preset");
        Optional<Object> block = run.configValue("model.block");
        if (preset.isEmpty() || block.isEmpty()) {
            return Optional.empty();
        }
        String key = (preset.get() + "/" + block.get()).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(BY_PRESET_AND_BLOCK.get(key))
                .flatMap(table::model)
                .map(m -> new ReproducedModel(m.name(),
                        "derived from model.preset=" + preset.get() + ", model.block=" + block.get()));
    }
}
