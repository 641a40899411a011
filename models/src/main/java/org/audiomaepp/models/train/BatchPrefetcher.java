package org.audiomaepp.models.train;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The crops of the coming optimizer steps, read and cut ahead of the step that needs them, so
 * that shard reads and cropping overlap the device's work instead of stalling it.
 *
 * <p>One producer thread makes the batches of steps {@code firstStep, firstStep + 1, ...} in
 * order, with the same functions the trainer would call itself ({@link #batch}), into a queue of
 * at most {@code depth} ready batches; the training thread takes them in the same order. Batches
 * are therefore the same bytes with or without prefetching, and a resumed run starts the producer
 * at its checkpoint's step. With {@code depth} 0 there is no thread: {@link #next()} makes the
 * batch on the caller's thread.
 *
 * <p>An exception of the producer (a corrupt shard, a read error) is thrown by {@link #next()} in
 * the training thread, as it was thrown. {@link #close()} (and interrupting the training thread,
 * which ends in {@code close} through try-with-resources) stops and joins the producer.
 */
public final class BatchPrefetcher implements AutoCloseable {

    /** Batches made ahead by default: enough to hide a slow read, little memory (B x 64 KB each). */
    public static final int DEFAULT_DEPTH = 3;

    /**
     * The input of one optimizer step.
     *
     * @param step the step, 0-based over the whole run
     * @param epoch the epoch it belongs to
     * @param inEpoch its index within the epoch
     * @param microBatches the crops of each micro-batch, {@code n * FRAMES * MEL_BINS} values each
     */
    public record Batch(long step, int epoch, long inEpoch, float[][] microBatches) {}

    /** A producer failure, carried through the queue to the training thread. */
    private record Failure(Throwable error) {}

    private final SpectrogramCorpus corpus;
    private final PretrainConfig config;
    private final long stepsPerEpoch;
    private final long endStep;
    private final BlockingQueue<Object> queue;
    private final Thread producer;
    private long nextStep;
    private int cachedEpoch = -1;
    private int[] order;

    /**
     * Batches of steps {@code [firstStep, endStep)}.
     *
     * @param depth ready batches held at most; 0 makes each batch on demand on the caller's thread
     */
    public BatchPrefetcher(SpectrogramCorpus corpus, PretrainConfig config, long stepsPerEpoch, long firstStep,
            long endStep, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth);
        }
        this.corpus = corpus;
        this.config = config;
        this.stepsPerEpoch = stepsPerEpoch;
        this.endStep = endStep;
        this.nextStep = firstStep;
        if (depth == 0 || firstStep >= endStep) {
            queue = null;
            producer = null;
            return;
        }
        queue = new ArrayBlockingQueue<>(depth);
        producer = new Thread(this::produce, "pretrain-batches");
        producer.setDaemon(true);
        producer.start();
    }

    /** The next step's batch; a producer failure is rethrown here. */
    public Batch next() throws InterruptedException {
        if (nextStep >= endStep && producer == null) {
            throw new IllegalStateException("no batch after step " + endStep);
        }
        if (producer == null) {
            return make(nextStep++);
        }
        Object item = queue.take();
        if (item instanceof Failure f) {
            throw rethrow(f.error());
        }
        return (Batch) item;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.interrupt();
            boolean interrupted = false;
            while (producer.isAlive()) {
                try {
                    producer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the producer thread is running (for tests of {@link #close()}). */
    boolean producerAlive() {
        return producer != null && producer.isAlive();
    }

    /**
     * The crops of the step at {@code inEpoch} of epoch {@code epoch} whose clip order is
     * {@code order}: micro-batch after micro-batch, clip after clip, one seeded crop each.
     */
    public static float[][] batch(SpectrogramCorpus corpus, PretrainConfig config, int[] order, int epoch, long inEpoch) {
        int batch = config.batchSize();
        int micro = config.microBatch();
        int values = Crops.FRAMES * SpectrogramCorpus.MEL_BINS;
        int base = Math.toIntExact(inEpoch * batch);
        float[][] out = new float[(batch + micro - 1) / micro][];
        for (int first = 0, index = 0; first < batch; first += micro, index++) {
            int n = Math.min(micro, batch - first);
            float[] crops = new float[n * values];
            for (int i = 0; i < n; i++) {
                Crops.crop(corpus, config.seed(), epoch, order[base + first + i], crops, i * values);
            }
            out[index] = crops;
        }
        return out;
    }

    private void produce() {
        try {
            for (long step = nextStep; step < endStep; step++) {
                queue.put(make(step));
            }
        } catch (InterruptedException e) {
            // closed: the training thread is done with the batches
        } catch (Throwable t) {
            try {
                queue.put(new Failure(t));
            } catch (InterruptedException closed) {
                // closed before the failure was taken: nobody is waiting for it
            }
        }
    }

    private Batch make(long step) {
        int epoch = (int) (step / stepsPerEpoch);
        long inEpoch = step % stepsPerEpoch;
        if (epoch != cachedEpoch) {
            order = Crops.epochOrder(config.seed(), epoch, corpus.clipCount());
            cachedEpoch = epoch;
        }
        return new Batch(step, epoch, inEpoch, batch(corpus, config, order, epoch, inEpoch));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("reading the pretraining batches failed: " + t, t);
    }
}
