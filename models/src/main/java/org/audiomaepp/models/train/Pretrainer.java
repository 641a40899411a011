package org.audiomaepp.models.train;

import org.audiomaepp.core.FileTrees;
import org.audiomaepp.models.nn.Seeds;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.nn.Autocast;
import org.audiomaepp.models.nn.NamedParameter;
import org.audiomaepp.models.nn.Precision;
import org.audiomaepp.models.nn.Scalars;

/**
 * Runs the pretraining recipe on a model and a corpus, writing into one output directory:
 *
 * <pre>
 * OUT/train_log.csv              one row per optimizer step ({@link TrainLog})
 * OUT/checkpoints/step-NNNNNNNN/ the latest checkpoint ({@link Checkpoint}); older ones are deleted
 * OUT/final/                     the checkpoint after the last step, plus what
 *                                {@link TrainableModel#exportFinal} adds (the run is complete)
 * </pre>
 *
 * <p>Each epoch visits {@code clips / batch_size} batches (the remainder is dropped, as in MAE)
 * of a seeded permutation of the clips, one random crop per clip. A step accumulates the gradients
 * of its micro-batches, each loss weighted by its share of the batch, then takes one AdamW step at
 * the learning rate of its fractional epoch. All arrays of a step live in a sub-manager closed at
 * the end of the step, those of a micro-batch in one closed after its backward pass, so memory
 * grows with the micro-batch, not with the effective batch.
 *
 * <p>The batches are read and cropped ahead of the step by a {@link BatchPrefetcher} (same batches,
 * same bytes as without it). With {@link Precision#FP16} the model's matrix products run in float16
 * under {@link Autocast} and a {@link LossScaler} scales the loss and may skip a step.
 *
 * <p>Started on a directory with a checkpoint of the same identity (recipe without execution
 * keys, model config, corpus size), the run continues from it and ends with the same weights,
 * bit for bit on CPU, as an uninterrupted run; a different identity is a {@link BadConfigException}.
 */
public final class Pretrainer {

    /** The directory of the complete run's checkpoint. */
    public static final String FINAL_DIR = "final";
    /** The directory holding the latest intermediate checkpoint. */
    public static final String CHECKPOINTS_DIR = "checkpoints";
    /** The per-step log. */
    public static final String LOG_FILE = "train_log.csv";
    /** Steps whose losses are read back to the host together ({@link #readLossEvery}). */
    public static final int DEFAULT_READ_LOSS_EVERY = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PretrainConfig config;
    private final Map<String, ?> modelConfig;
    private final Path outDir;
    /** Loss scaling of fp16 runs; null in float32. */
    private final LossScaler scaler;
    private int prefetchDepth = BatchPrefetcher.DEFAULT_DEPTH;
    private int readLossEvery = DEFAULT_READ_LOSS_EVERY;

    /**
     * A trainer for one run.
     *
     * @param config the recipe
     * @param modelConfig the resolved model config (recorded in checkpoints, part of the identity)
     * @param outDir where the log and checkpoints go
     */
    public Pretrainer(PretrainConfig config, Map<String, ?> modelConfig, Path outDir) {
        this.config = config;
        this.modelConfig = Map.copyOf(modelConfig);
        this.outDir = outDir;
        this.scaler = config.precision() == Precision.FP16 ? new LossScaler() : null;
    }

    /** Batches made ahead of the training step ({@link BatchPrefetcher}); 0 makes them in the step. */
    public Pretrainer prefetch(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("prefetch depth " + depth);
        }
        this.prefetchDepth = depth;
        return this;
    }

    /**
     * Reads the losses back to the host every {@code steps} steps, and before every checkpoint,
     * instead of after every step: reading a value waits for the device to finish all queued work,
     * which on a GPU leaves it idle while the host queues the next step. The log, the listener and
     * the check for a non-finite loss see every step, up to {@code steps} steps late; the logged
     * values are the same. 1 reads every step.
     */
    public Pretrainer readLossEvery(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("read loss every " + steps + " steps");
        }
        this.readLossEvery = steps;
        return this;
    }

    /**
     * How a run ended.
     *
     * @param firstStep the step this session started from (0 for a fresh run)
     * @param steps the run's total steps, all done
     * @param finalCheckpoint the directory of the final checkpoint
     */
    public record Result(long firstStep, long steps, Path finalCheckpoint) {}

    /** Optimizer steps per epoch for a corpus of {@code clips} clips. */
    public long stepsPerEpoch(int clips) {
        return clips / config.batchSize();
    }

    /**
     * Trains {@code model} (whose parameters live under {@code manager}, on its device) to the end
     * of the recipe, resuming from a checkpoint in the output directory when there is one; on a
     * complete run it only loads the final weights into the model.
     */
    public Result run(TrainableModel model, NDManager manager, SpectrogramCorpus corpus, TrainListener listener) throws IOException {
        long stepsPerEpoch = stepsPerEpoch(corpus.clipCount());
        if (stepsPerEpoch == 0) {
            throw new BadConfigException("the corpus has " + corpus.clipCount() + " clips, fewer than pretrain.batch_size = "
                    + config.batchSize() + ": lower the batch size (e.g. --batch-size " + Math.max(1, corpus.clipCount()) + ")");
        }
        long totalSteps = stepsPerEpoch * config.epochs();
        JsonNode identity = identity(corpus);
        List<NamedParameter> params = model.parameters();
        for (NamedParameter p : params) {
            p.array().setRequiresGradient(true);
        }
        Path finalDir = outDir.resolve(FINAL_DIR);
        Path checkpoints = outDir.resolve(CHECKPOINTS_DIR);
        try (AdamW optimizer = AdamW.of(config, params, manager)) {
            if (Files.isDirectory(finalDir)) {
                checkIdentity(finalDir, identity);
                Checkpoint.restore(finalDir, params, optimizer, scaler);
                return new Result(totalSteps, totalSteps, finalDir);
            }
            removeTemporaries(checkpoints);
            long step = 0;
            double wallBefore = 0;
            Optional<Path> latest = latestCheckpoint(checkpoints);
            if (latest.isPresent()) {
                checkIdentity(latest.get(), identity);
                Checkpoint.Meta meta = Checkpoint.restore(latest.get(), params, optimizer, scaler);
                step = meta.step();
                wallBefore = meta.wallSeconds();
            }
            long firstStep = step;
            LearningRateSchedule schedule = LearningRateSchedule.of(config);
            listener.onStart(firstStep, totalSteps);
            long sessionStart = System.nanoTime();
            List<Unread> unread = new ArrayList<>();
            try (TrainLog log = TrainLog.open(outDir.resolve(LOG_FILE), step);
                    BatchPrefetcher batches = new BatchPrefetcher(corpus, config, stepsPerEpoch, step, totalSteps, prefetchDepth)) {
                while (step < totalSteps) {
                    long t0 = System.nanoTime();
                    BatchPrefetcher.Batch batch = nextBatch(batches);
                    double fractionalEpoch = batch.epoch() + (double) batch.inEpoch() / stepsPerEpoch;
                    double lr = schedule.at(fractionalEpoch);
                    StepLoss loss = step(model, optimizer, manager, batch.microBatches(), step, lr);
                    step++;
                    long now = System.nanoTime();
                    double wall = wallBefore + (now - sessionStart) / 1e9;
                    unread.add(new Unread(loss, new StepReport(step, totalSteps, fractionalEpoch, Float.NaN, lr,
                            config.batchSize() / ((now - t0) / 1e9), wall)));
                    boolean checkpoint = step % config.checkpointEvery() == 0 || step == totalSteps;
                    if (!checkpoint && unread.size() < readLossEvery) {
                        continue;
                    }
                    List<StepReport> reports = readLosses(unread, log);
                    // as if read step by step: every step before a checkpoint is reported before it is written
                    reports.subList(0, reports.size() - 1).forEach(listener::onStep);
                    if (checkpoint) {
                        Path dir = checkpoints.resolve(String.format("step-%08d", step));
                        Checkpoint.write(dir, new Checkpoint.Meta(step, step / stepsPerEpoch, step % stepsPerEpoch, wall,
                                identity, JSON.valueToTree(config.toMap()), Checkpoint.tensorsOf(params)), params, optimizer, scaler);
                        removeOlderThan(checkpoints, dir);
                    }
                    listener.onStep(reports.get(reports.size() - 1));
                }
            } finally {
                unread.forEach(u -> u.loss().close());
            }
            Path last = checkpoints.resolve(String.format("step-%08d", totalSteps));
            if (totalSteps == 0) {
                // epochs = 0: the random-encoder baseline, the initialized weights are the result
                Checkpoint.write(last, new Checkpoint.Meta(0, 0, 0, 0, identity, JSON.valueToTree(config.toMap()),
                        Checkpoint.tensorsOf(params)), params, optimizer, scaler);
            }
            model.exportFinal(last);
            Files.move(last, finalDir, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.deleteTree(checkpoints);
            return new Result(firstStep, totalSteps, finalDir);
        }
    }

    /**
     * Reads the losses of the steps in {@code unread} (one wait for the device) and logs those
     * steps in order; a non-finite loss stops the run. Returns the steps' reports.
     */
    private List<StepReport> readLosses(List<Unread> unread, TrainLog log) throws IOException {
        List<StepReport> reports = new ArrayList<>(unread.size());
        for (Unread u : unread) {
            float loss = u.loss().value();
            StepReport r = u.report();
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("the loss became " + loss + " at step " + r.step()
                        + " (lr " + r.lr() + "); lower pretrain.base_lr" + (scaler == null ? ""
                                : ", or train in fp32 or tf32: float16 products overflowed in the forward pass"));
            }
            StepReport report = new StepReport(r.step(), r.totalSteps(), r.epoch(), loss, r.lr(), r.clipsPerSecond(),
                    r.wallSeconds());
            log.append(report);
            reports.add(report);
        }
        unread.clear();
        return reports;
    }

    /** A step whose loss is still on the device. */
    private record Unread(StepLoss loss, StepReport report) {}

    /**
     * The mean loss of a step, left on the device until {@link #value} asks for it: one scalar per
     * micro-batch, cut from the autograd graph, with its share of the batch.
     */
    static final class StepLoss implements AutoCloseable {
        private final NDManager manager;
        private final List<NDArray> losses = new ArrayList<>();
        private final List<Float> shares = new ArrayList<>();
        private Float value;
        private boolean closed;

        StepLoss(NDManager parent) {
            this.manager = parent.newSubManager();
        }

        void add(NDArray loss, float share) {
            NDArray kept = loss.stopGradient();
            kept.attach(manager);
            losses.add(kept);
            shares.add(share);
        }

        /** The batch's mean loss: the micro-batches' losses weighted by their shares, summed in double. */
        float value() {
            if (value == null) {
                double sum = 0;
                for (int i = 0; i < losses.size(); i++) {
                    sum += (double) losses.get(i).getFloat() * shares.get(i);
                }
                value = (float) sum;
                close();
            }
            return value;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                manager.close();
            }
        }
    }

    /** One optimizer step over the batch at {@code order[inEpoch * B ...]}; returns the batch's mean loss. */
    StepLoss step(TrainableModel model, AdamW optimizer, NDManager manager, SpectrogramCorpus corpus,
            int[] order, int epoch, long inEpoch, long step, double lr) {
        return step(model, optimizer, manager, BatchPrefetcher.batch(corpus, config, order, epoch, inEpoch), step, lr);
    }

    /**
     * One optimizer step over a batch given as the crops of its micro-batches
     * ({@link BatchPrefetcher#batch}); returns the batch's mean loss, not yet read from the device.
     */
    StepLoss step(TrainableModel model, AdamW optimizer, NDManager manager, float[][] microBatches, long step, double lr) {
        int batch = config.batchSize();
        int values = Crops.FRAMES * SpectrogramCorpus.MEL_BINS;
        StepLoss stepLoss = new StepLoss(manager);
        try (NDManager scope = manager.newSubManager()) {
            optimizer.zeroGradients(scope);
            for (int index = 0; index < microBatches.length; index++) {
                float[] crops = microBatches[index];
                int n = crops.length / values;
                float share = (float) n / batch;
                // DJL keeps every intermediate until its manager closes: a scope per micro-batch
                // bounds memory by the micro-batch, not the whole batch
                try (NDManager microScope = scope.newSubManager();
                        GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray x = microScope.create(crops, new Shape(n, 1, Crops.FRAMES, SpectrogramCorpus.MEL_BINS));
                    long maskSeed = Seeds.derive(config.seed(), Seeds.Purpose.MASK, step, index);
                    NDArray loss = Autocast.call(config.precision(), () -> model.loss(x, maskSeed));
                    collector.backward(loss.mul(Scalars.of(loss, scaler == null ? share : share * scaler.scale())));
                    stepLoss.add(loss, share);
                }
            }
            if (scaler == null) {
                optimizer.step(lr, scope);
            } else {
                scaler.step(optimizer, model.parameters(), lr, scope);
            }
        } catch (RuntimeException e) {
            stepLoss.close();
            throw e;
        }
        return stepLoss;
    }

    private static BatchPrefetcher.Batch nextBatch(BatchPrefetcher batches) {
        try {
            return batches.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pretraining was interrupted while waiting for a batch", e);
        }
    }

    private JsonNode identity(SpectrogramCorpus corpus) {
        long frames = 0;
        for (int c = 0; c < corpus.clipCount(); c++) {
            frames += corpus.frames(c);
        }
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("pretrain", config.identity());
        id.put("model", new java.util.TreeMap<>(modelConfig));
        id.put("corpus", Map.of("clips", corpus.clipCount(), "frames", frames));
        try {
            return JSON.readTree(JSON.writeValueAsString(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkIdentity(Path dir, JsonNode expected) {
        JsonNode found = Checkpoint.readMeta(dir).identity();
        if (!expected.equals(found)) {
            List<String> diffs = new ArrayList<>();
            diff("", found, expected, diffs);
            throw new BadConfigException(dir.resolve(Checkpoint.META_FILE) + " belongs to a run with another config ("
                    + String.join("; ", diffs) + "): use another output directory, or delete " + dir
                    + " to start this one from scratch");
        }
    }

    private static void diff(String path, JsonNode was, JsonNode now, List<String> out) {
        if (was != null && now != null && was.isObject() && now.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            was.fieldNames().forEachRemaining(names::add);
            now.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path.isEmpty() ? name : path + "." + name, was.get(name), now.get(name), out);
            }
        } else if (was == null || !was.equals(now)) {
            out.add(path + ": checkpoint " + was + ", now " + now);
        }
    }

    private static Optional<Path> latestCheckpoint(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.filter(p -> p.getFileName().toString().matches("step-\\d{8,}"))
                    .max(java.util.Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(5))));
        }
    }

    private static void removeTemporaries(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return;
        }
        try (Stream<Path> s = Files.list(checkpoints)) {
            for (Iterator<Path> it = s.iterator(); it.hasNext(); ) {
                Path p = it.next();
                if (p.getFileName().toString().startsWith(".tmp-")) {
                    FileTrees.deleteTree(p);
                }
            }
        }
    }

    private static void removeOlderThan(Path checkpoints, Path keep) throws IOException {
        try (Stream<Path> s = Files.list(checkpoints)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("step-") && !p.equals(keep)).toList()) {
                FileTrees.deleteTree(p);
            }
        }
    }
}
