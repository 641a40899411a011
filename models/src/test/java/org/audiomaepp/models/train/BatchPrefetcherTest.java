package org.audiomaepp.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchPrefetcherTest {

    private static final MemoryCorpus CORPUS = MemoryCorpus.random(3, 50, 200, 260, 199, 400, 30, 210, 600, 201, 120, 333);
    private static final PretrainConfig CONFIG = PretrainConfig.fromMap(Map.of("epochs", 3, "batch_size", 4,
            "micro_batch", 3, "warmup_epochs", 1, "seed", 9));
    private static final long STEPS_PER_EPOCH = 2;

    @ParameterizedTest(name = "depth {0}, from step {1}")
    @CsvSource({"0, 0", "1, 0", "3, 0", "2, 3", "4, 5"})
    void batchesAreThoseTheTrainerWouldCutItselfInStepOrder(int depth, long first) throws InterruptedException {
        try (BatchPrefetcher batches = new BatchPrefetcher(CORPUS, CONFIG, STEPS_PER_EPOCH, first, 6, depth)) {
            for (long step = first; step < 6; step++) {
                BatchPrefetcher.Batch b = batches.next();
                int epoch = (int) (step / STEPS_PER_EPOCH);
                assertEquals(step, b.step());
                assertEquals(epoch, b.epoch());
                assertEquals(step % STEPS_PER_EPOCH, b.inEpoch());
                int[] order = Crops.epochOrder(CONFIG.seed(), epoch, CORPUS.clipCount());
                float[][] expected = BatchPrefetcher.batch(CORPUS, CONFIG, order, epoch, step % STEPS_PER_EPOCH);
                assertEquals(2, b.microBatches().length, "micro-batches of 3 and 1");
                for (int m = 0; m < expected.length; m++) {
                    assertArrayEquals(expected[m], b.microBatches()[m], "step " + step + " micro-batch " + m);
                }
            }
        }
    }

    @Test
    void aFailingReadSurfacesInTheTrainingThreadWithItsMessage() {
        IllegalStateException broken = new IllegalStateException("shard-00003.npy: truncated");
        SpectrogramCorpus corpus = new SpectrogramCorpus() {
            @Override
            public int clipCount() {
                return CORPUS.clipCount();
            }

            @Override
            public int frames(int clip) {
                return CORPUS.frames(clip);
            }

            @Override
            public void read(int clip, int startFrame, int frames, float[] dst, int offset) {
                throw broken;
            }
        };
        try (BatchPrefetcher batches = new BatchPrefetcher(corpus, CONFIG, STEPS_PER_EPOCH, 0, 6, 2)) {
            assertSame(broken, assertThrows(IllegalStateException.class, batches::next));
        }
    }

    @Test
    void closingStopsTheProducerWhileItWaitsForRoom() throws InterruptedException {
        BatchPrefetcher batches = new BatchPrefetcher(CORPUS, CONFIG, STEPS_PER_EPOCH, 0, 1_000_000, 2);
        batches.next();
        assertTrue(batches.producerAlive(), "the producer runs ahead");
        batches.close();
        assertFalse(batches.producerAlive(), "the producer has ended");
    }

    @Test
    void interruptingTheTrainingThreadEndsTheWaitForABatch() {
        SpectrogramCorpus stuck = new SpectrogramCorpus() {
            @Override
            public int clipCount() {
                return CORPUS.clipCount();
            }

            @Override
            public int frames(int clip) {
                return CORPUS.frames(clip);
            }

            @Override
            public void read(int clip, int startFrame, int frames, float[] dst, int offset) {
                try {
                    new java.util.concurrent.CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("read interrupted");
                }
            }
        };
        try (BatchPrefetcher batches = new BatchPrefetcher(stuck, CONFIG, STEPS_PER_EPOCH, 0, 6, 2)) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, batches::next);
        }
    }
}
