package org.audiomaepp.models.train;

/**
 * The pretraining corpus as the trainer sees it: clips of normalized log-mel frames, each frame
 * {@link #MEL_BINS} values, time first. Where the frames come from (cached shards, memory) is the
 * caller's business.
 */
public interface SpectrogramCorpus {

    /** Mel bins per frame. */
    int MEL_BINS = 80;

    /** Number of clips. */
    int clipCount();

    /** Frames in clip {@code clip} (at least 1). */
    int frames(int clip);

    /**
     * Copies frames {@code [startFrame, startFrame + frames)} of clip {@code clip} into
     * {@code dst} starting at {@code offset}, as {@code frames * MEL_BINS} values, time first.
     */
    void read(int clip, int startFrame, int frames, float[] dst, int offset);
}
