package org.audiomaepp.models.train;

import org.audiomaepp.models.nn.Seeds;
import java.util.SplittableRandom;

/**
 * The pretraining input of one epoch (docs/model.md §1.4): a shuffled clip order and one random
 * {@link #FRAMES}-frame crop per clip. A clip shorter than the crop is tiled (repeated from its
 * start) until it fills it.
 */
public final class Crops {

    /** Frames in a crop: 2 s at 100 frames per second, the model's input length. */
    public static final int FRAMES = 200;

    private Crops() {}

    /** The clip order of epoch {@code epoch}: a seeded Fisher-Yates permutation of all clips. */
    public static int[] epochOrder(long seed, int epoch, int clipCount) {
        int[] order = new int[clipCount];
        for (int i = 0; i < clipCount; i++) {
            order[i] = i;
        }
        SplittableRandom rng = Seeds.random(seed, Seeds.Purpose.EPOCH_ORDER, epoch);
        for (int i = clipCount - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * The first frame of clip {@code clip}'s crop in epoch {@code epoch}, uniform over every
     * position where the crop fits; 0 when the clip is not longer than the crop.
     */
    public static int cropStart(long seed, int epoch, int clip, int clipFrames) {
        if (clipFrames <= FRAMES) {
            return 0;
        }
        return Seeds.random(seed, Seeds.Purpose.CROP, epoch, clip).nextInt(clipFrames - FRAMES + 1);
    }

    /**
     * Writes clip {@code clip}'s crop for epoch {@code epoch} into {@code dst} at {@code offset}:
     * {@code FRAMES * MEL_BINS} values, time first.
     */
    public static void crop(SpectrogramCorpus corpus, long seed, int epoch, int clip, float[] dst, int offset) {
        int frames = corpus.frames(clip);
        if (frames <= 0) {
            throw new IllegalStateException("clip " + clip + " has no frames");
        }
        if (frames >= FRAMES) {
            corpus.read(clip, cropStart(seed, epoch, clip, frames), FRAMES, dst, offset);
            return;
        }
        corpus.read(clip, 0, frames, dst, offset);
        int bins = SpectrogramCorpus.MEL_BINS;
        for (int filled = frames; filled < FRAMES; filled += frames) {
            int n = Math.min(frames, FRAMES - filled);
            System.arraycopy(dst, offset, dst, offset + filled * bins, n * bins);
        }
    }
}
