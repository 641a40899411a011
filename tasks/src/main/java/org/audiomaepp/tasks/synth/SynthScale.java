package org.audiomaepp.tasks.synth;

import java.util.Locale;

/**
 * How big the synthetic tasks and corpus are. {@link #TINY} is sized for a whole CI sweep on two CPU
 * cores (about 100 clips per task, 64 corpus clips); {@link #SMALL} has five times as many clips.
 */
public enum SynthScale {
    TINY(1, 64),
    SMALL(5, 320);

    private final int clipFactor;
    private final int corpusClips;

    SynthScale(int clipFactor, int corpusClips) {
        this.clipFactor = clipFactor;
        this.corpusClips = corpusClips;
    }

    /** Multiplier on each task's clips per class. */
    public int clipFactor() {
        return clipFactor;
    }

    /** Number of 4-second clips in the pretraining corpus. */
    public int corpusClips() {
        return corpusClips;
    }

    /** The name used on the command line and as the {@code mode} part of directory names. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
