package org.audiomaepp.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CropsTest {

    private static final int BINS = SpectrogramCorpus.MEL_BINS;

    @ParameterizedTest(name = "{0} frames")
    @ValueSource(ints = {1, 3, 70, 199})
    void aShortClipIsTiledFromItsStart(int frames) {
        MemoryCorpus corpus = MemoryCorpus.random(1, frames);
        float[] clip = new float[frames * BINS];
        corpus.read(0, 0, frames, clip, 0);
        float[] crop = new float[Crops.FRAMES * BINS + 5];
        Crops.crop(corpus, 9, 0, 0, crop, 5);
        for (int t = 0; t < Crops.FRAMES; t++) {
            int src = t % frames;
            assertArrayEquals(Arrays.copyOfRange(clip, src * BINS, (src + 1) * BINS),
                    Arrays.copyOfRange(crop, 5 + t * BINS, 5 + (t + 1) * BINS), "frame " + t);
        }
    }

    @Test
    void aLongClipGivesAContiguousCropThatMovesBetweenEpochs() {
        MemoryCorpus corpus = MemoryCorpus.random(2, 1000);
        Set<Integer> starts = new HashSet<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            int start = Crops.cropStart(4, epoch, 0, 1000);
            assertTrue(start >= 0 && start <= 800, "start " + start);
            starts.add(start);
            float[] crop = new float[Crops.FRAMES * BINS];
            Crops.crop(corpus, 4, epoch, 0, crop, 0);
            float[] expected = new float[Crops.FRAMES * BINS];
            corpus.read(0, start, Crops.FRAMES, expected, 0);
            assertArrayEquals(expected, crop);
        }
        assertTrue(starts.size() > 10, "crops vary: " + starts);
        assertEquals(Crops.cropStart(4, 3, 0, 1000), Crops.cropStart(4, 3, 0, 1000));
        assertEquals(0, Crops.cropStart(4, 3, 0, 200));
    }

    @Test
    void epochOrderIsASeededPermutationThatChangesEachEpoch() {
        int[] first = Crops.epochOrder(5, 0, 100);
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(first, Crops.epochOrder(5, 0, 100));
        assertNotEquals(Arrays.toString(first), Arrays.toString(Crops.epochOrder(5, 1, 100)));
        assertNotEquals(Arrays.toString(first), Arrays.toString(Crops.epochOrder(6, 0, 100)));
    }
}
