package org.audiomaepp.models.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.models.config.Setting.Type;

/**
 * How frozen scene embeddings are cut from a clip (docs/model.md §9).
 *
 * @param pad    end padding to whole 2-s chunks
 * @param layout how patch tokens become time steps
 */
public record EmbeddingConfig(Pad pad, Layout layout) {

    /** What a scene embedding is cut from: the one description of the {@code embedding:} section's cut. */
    public static final List<Setting> SETTINGS = List.of(
            Setting.of("embedding.pad", Type.ENUM).choices(Pad.class).def("zero")
                    .doc("padding of the last 2-s chunk: zero (AudioMAE++) or reflect (MW-MAE)"),
            Setting.of("embedding.layout", Type.ENUM).choices(Layout.class).def("time-major")
                    .doc("patch tokens to time steps: correct time-major, or the released code's reshape"));

    /** Every key {@link #fromMap} accepts. */
    public static final List<String> KEYS = SETTINGS.stream().map(Setting::name).toList();

    private static final String SECTION = "embedding";

    public EmbeddingConfig {
        if (pad == null || layout == null) {
            throw new org.audiomaepp.models.BadConfigException("embedding config needs both pad and layout");
        }
    }

    /** The AudioMAE++ defaults: zero padding, time-major layout. */
    public static EmbeddingConfig defaults() {
        return fromMap(Map.of());
    }

    /**
     * Reads a sweep file's {@code embedding:} map over the {@link #SETTINGS}' defaults; values are
     * written {@code zero|reflect} and {@code time-major|official-audiomaepp}.
     *
     * @throws org.audiomaepp.models.BadConfigException on an unknown key (with the closest valid key) or value
     */
    public static EmbeddingConfig fromMap(Map<String, ?> map) {
        Map<String, Object> given = ConfigValues.flatten(SECTION, map);
        ConfigValues.rejectUnknown(SECTION, given.keySet(), KEYS);
        Map<String, Object> flat = new LinkedHashMap<>();
        SETTINGS.forEach(s -> flat.put(s.name(), s.defaultValue()));
        flat.putAll(given);
        return ConfigRecords.build(EmbeddingConfig.class, SECTION, "", flat);
    }

    /** The canonical resolved form; {@code fromMap(toMap())} gives an equal config. */
    public Map<String, Object> toMap() {
        return ConfigRecords.toMap(this);
    }
}
