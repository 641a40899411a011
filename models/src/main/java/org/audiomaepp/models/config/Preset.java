package org.audiomaepp.models.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Model sizes: the paper's four (docs/model.md §5) and smaller ones of this project for CI, which are
 * not from the paper. MLP ratio is 4 everywhere.
 */
public enum Preset {
    //     D, depth, heads, dec width, dec depth, dec heads, from the paper
    TINY(192, 12, 3, 384, 4, 8, true),
    BASE(768, 12, 12, 384, 4, 8, true),
    LARGE(1024, 24, 16, 512, 4, 8, true),
    HUGE(1280, 32, 16, 512, 4, 8, true),
    /** This project's own CI size (not in the paper): trains in seconds on a CPU. */
    MICRO(64, 2, 2, 64, 1, 2, false),
    /** This project's own small size (not in the paper): a CPU sweep that can still learn something. */
    MINI(128, 4, 4, 128, 2, 4, false);

    public final int width;
    public final int depth;
    public final int heads;
    public final DecoderConfig decoder;
    /** Whether the size is one of the paper's (true) or this project's own CI size (false). */
    public final boolean fromPaper;

    Preset(int width, int depth, int heads, int decWidth, int decDepth, int decHeads, boolean fromPaper) {
        this.width = width;
        this.depth = depth;
        this.heads = heads;
        this.decoder = new DecoderConfig(decWidth, decDepth, decHeads);
        this.fromPaper = fromPaper;
    }

    /** The name used in sweep files and on the command line ({@code tiny}, {@code base}, …). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a preset up by its name, or fails naming the valid ones. */
    public static Preset of(String name) {
        for (Preset p : values()) {
            if (p.key().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new org.audiomaepp.models.BadConfigException("unknown model preset `" + name + "`; valid presets: "
                + Arrays.stream(values()).map(Preset::key).collect(Collectors.joining(", ")));
    }
}
