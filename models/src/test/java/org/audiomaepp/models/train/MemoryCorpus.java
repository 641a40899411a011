package org.audiomaepp.models.train;

import java.util.SplittableRandom;

/** Clips of seeded random frames held in memory. */
final class MemoryCorpus implements SpectrogramCorpus {

    private final float[][] clips;

    MemoryCorpus(float[][] clips) {
        this.clips = clips;
    }

    /** {@code lengths.length} clips of the given frame counts, values drawn from {@code seed}. */
    static MemoryCorpus random(long seed, int... lengths) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] clips = new float[lengths.length][];
        for (int c = 0; c < lengths.length; c++) {
            clips[c] = new float[lengths[c] * MEL_BINS];
            for (int i = 0; i < clips[c].length; i++) {
                clips[c][i] = (float) rng.nextGaussian();
            }
        }
        return new MemoryCorpus(clips);
    }

    @Override
    public int clipCount() {
        return clips.length;
    }

    @Override
    public int frames(int clip) {
        return clips[clip].length / MEL_BINS;
    }

    @Override
    public void read(int clip, int startFrame, int frames, float[] dst, int offset) {
        System.arraycopy(clips[clip], startFrame * MEL_BINS, dst, offset, frames * MEL_BINS);
    }
}
