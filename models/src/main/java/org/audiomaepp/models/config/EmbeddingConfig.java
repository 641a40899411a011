package org.audiomaepp.models.config;

import static org.audiomaepp.models.config.ConfigValues.choice;
import static org.audiomaepp.models.config.ConfigValues.key;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How frozen scene embeddings are cut from a clip (docs/model.md §9).
 *
 * @param pad    end padding to whole 2-s chunks
 * @param layout how patch tokens become time steps
 */
public record EmbeddingConfig(Pad pad, Layout layout) {
    /** Every key {@link #fromMap} accepts. */
    public static final List<String> KEYS = List.of("pad", "layout");

    private static final String SECTION = "embedding";

    public EmbeddingConfig {
        if (pad == null || layout == null) {
            throw new org.audiomaepp.models.BadConfigException("embedding config needs both pad and layout");
        }
    }

    /** The AudioMAE++ defaults: zero padding, time-major layout. */
    public static EmbeddingConfig defaults() {
        return new EmbeddingConfig(Pad.ZERO, Layout.TIME_MAJOR);
    }

    /**
     * Reads a sweep file's {@code embedding:} map over the defaults; values are written
     * {@code zero|reflect} and {@code time-major|official-audiomaepp}.
     *
     * @throws org.audiomaepp.models.BadConfigException on an unknown key (with the closest valid key) or value
     */
    public static EmbeddingConfig fromMap(Map<String, ?> map) {
        Map<String, Object> flat = ConfigValues.flatten(SECTION, map);
        ConfigValues.rejectUnknown(SECTION, flat.keySet(), KEYS);
        Pad pad = Pad.ZERO;
        Layout layout = Layout.TIME_MAJOR;
        if (flat.containsKey("pad")) {
            pad = choice(SECTION, "pad", flat.get("pad"), Pad.class);
        }
        if (flat.containsKey("layout")) {
            layout = choice(SECTION, "layout", flat.get("layout"), Layout.class);
        }
        return new EmbeddingConfig(pad, layout);
    }

    /** The canonical resolved form; {@code fromMap(toMap())} gives an equal config. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pad", key(pad));
        m.put("layout", key(layout));
        return m;
    }
}
