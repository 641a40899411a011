package org.audiomaepp.models.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.ConfigValues;
import org.audiomaepp.models.config.Setting;
import org.audiomaepp.models.config.Setting.Type;
import org.audiomaepp.models.config.SettingRule;
import org.audiomaepp.models.nn.Precision;

/**
 * The pretraining recipe (docs/model.md §8), as a sweep's {@code pretrain:} section spells it.
 *
 * @param epochs passes over the corpus; 0 trains nothing: the final model is the seeded
 *     initialization, the random-encoder baseline
 * @param batchSize effective batch: clips per optimizer step
 * @param microBatch clips per forward/backward pass; gradients of {@code batchSize / microBatch}
 *     passes are accumulated before each step (equal to {@code batchSize}: no accumulation)
 * @param baseLr learning rate per 256 clips; the peak is {@code baseLr * batchSize / 256}
 * @param warmupEpochs epochs of linear warm-up (fractional allowed)
 * @param weightDecay AdamW's decoupled weight decay, applied to decaying parameters only
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param eps AdamW's denominator epsilon
 * @param seed the run seed every random choice derives from
 * @param checkpointEvery optimizer steps between checkpoints (a final one is always written); the
 *     {@code checkpoint_every} setting counts epochs, and {@link #fromSettings} turns it into steps
 * @param device {@code cpu}, {@code gpu} or {@code gpu:N} ({@link Devices})
 * @param precision how matrix products are computed ({@link Precision}); weights are float32
 *     whatever it is. Part of the identity, but left out of {@link #toMap()} when it is the
 *     default fp32, so that fp32 runs keep the records and checkpoints they always had
 */
public record PretrainConfig(
        int epochs,
        int batchSize,
        int microBatch,
        double baseLr,
        double warmupEpochs,
        double weightDecay,
        double beta1,
        double beta2,
        double eps,
        long seed,
        int checkpointEvery,
        String device,
        Precision precision) {

    /**
     * The recipe's settings, as a sweep's {@code pretrain:} section and {@code harness pretrain}'s
     * options give them: the one description validation, defaults and the key table come from.
     * {@code checkpoint_every} counts epochs here ({@link #fromSettings}); {@code device: auto} is
     * the device the caller gives the run.
     */
    public static final List<Setting> SETTINGS = List.of(
            Setting.of("pretrain.epochs", Type.INT).atLeast(0).def(100L)
                    .doc("passes over the corpus, one crop per clip each; 0 = no training: the encoder keeps its seeded"
                            + " initialization (random-encoder baseline; set warmup_epochs: 0)"),
            Setting.of("pretrain.batch_size", Type.INT).atLeast(1).def(1024L).doc("clips per optimizer step"),
            Setting.of("pretrain.micro_batch", Type.INT).atLeast(1).derived()
                    .doc("clips per forward pass; gradients are accumulated up to batch_size"),
            Setting.of("pretrain.base_lr", Type.REAL).between(0, true, null, false).def(1.5e-4)
                    .doc("learning rate per 256 clips: peak = base_lr x batch_size / 256"),
            Setting.of("pretrain.warmup_epochs", Type.REAL).atLeast(0).def(10.0)
                    .doc("linear warm-up, then half-cycle cosine to 0"),
            Setting.of("pretrain.weight_decay", Type.REAL).atLeast(0).def(0.05)
                    .doc("AdamW decay on weights, cls and mask tokens"),
            Setting.of("pretrain.betas", Type.REAL_PAIR).between(0, false, 1.0, true).addedLater(List.of(0.9, 0.95))
                    .doc("AdamW's first- and second-moment decays"),
            Setting.of("pretrain.eps", Type.REAL).between(0, true, null, false).addedLater(1e-8)
                    .doc("AdamW's denominator epsilon"),
            Setting.of("pretrain.seed", Type.INT).atLeast(0).def(0L).doc("seeds initialization, crops and masks"),
            Setting.of("pretrain.checkpoint_every", Type.INT).atLeast(1).def(10L)
                    .doc("epochs between resumable checkpoints (a final one is always written)"),
            Setting.of("pretrain.device", Type.STRING).pattern("auto|cpu|gpu|gpu:[0-9]+").def("auto")
                    .doc("auto = the GPU the executor assigns (run --gpus), else CPU; gpu or gpu:N insist on a GPU"),
            Setting.of("pretrain.precision", Type.ENUM).choices(Precision.class).def("fp32")
                    .doc("matrix products: fp32; tf32 (CUDA tensor cores, float32 tensors); fp16 (float16 products,"
                            + " float32 weights, norms, softmax, loss and optimizer, dynamic loss scaling). Weights are float32"));

    /** The keys {@link #fromMap} accepts, in {@link #toMap} order. */
    public static final List<String> KEYS = List.of(
            "epochs", "batch_size", "micro_batch", "base_lr", "warmup_epochs", "weight_decay",
            "betas", "eps", "seed", "checkpoint_every", "device", "precision");

    /** Combinations of recipe settings a run cannot follow; checked by the constructor and by sweep validation. */
    public static final List<SettingRule> RULES = List.of(
            SettingRule.of(c -> {
                long micro = (long) c.get("pretrain.micro_batch");
                long batch = (long) c.get("pretrain.batch_size");
                return batch % micro != 0
                        ? "`micro_batch` (" + micro + ") must divide `batch_size` (" + batch + ") to accumulate whole"
                                + " batches; try " + largestDivisorAtMost(batch, micro)
                        : null;
            }, "pretrain.micro_batch", "pretrain.batch_size"),
            SettingRule.of(c -> ((Number) c.get("pretrain.warmup_epochs")).doubleValue() > (long) c.get("pretrain.epochs")
                    ? "`warmup_epochs` (" + c.get("pretrain.warmup_epochs") + ") is longer than training ("
                            + c.get("pretrain.epochs") + " epochs); lower it"
                    : null, "pretrain.warmup_epochs", "pretrain.epochs"),
            SettingRule.of(c -> (long) c.get("model.input_frames") != Crops.FRAMES
                    || (long) c.get("model.mel_bins") != SpectrogramCorpus.MEL_BINS
                    ? "pretraining crops " + Crops.FRAMES + " frames x " + SpectrogramCorpus.MEL_BINS + " mel bins from"
                            + " the corpus; a model of input_frames " + c.get("model.input_frames") + " x mel_bins "
                            + c.get("model.mel_bins") + " cannot be pretrained: remove those settings"
                    : null, "model.input_frames", "model.mel_bins"));

    /**
     * Keys that say how a run executes, not what it computes: a checkpoint may be resumed with
     * other values. (micro_batch is not one: mask seeds are drawn per micro-batch.)
     */
    private static final Set<String> EXECUTION_KEYS = Set.of("checkpoint_every", "device");

    public PretrainConfig {
        require(epochs >= 0, "epochs", epochs, "at least 0 (0 = no training, the initialized model)");
        require(batchSize >= 1, "batch_size", batchSize, "at least 1");
        require(microBatch >= 1 && microBatch <= batchSize, "micro_batch", microBatch, "between 1 and batch_size (" + batchSize + ")");
        require(baseLr > 0 && Double.isFinite(baseLr), "base_lr", baseLr, "a positive number");
        require(warmupEpochs >= 0 && warmupEpochs <= epochs, "warmup_epochs", warmupEpochs, "between 0 and epochs (" + epochs + ")");
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay", weightDecay, "a number >= 0");
        require(beta1 >= 0 && beta1 < 1, "betas", beta1, "two numbers in [0, 1)");
        require(beta2 >= 0 && beta2 < 1, "betas", beta2, "two numbers in [0, 1)");
        require(eps > 0 && Double.isFinite(eps), "eps", eps, "a positive number");
        require(checkpointEvery >= 1, "checkpoint_every", checkpointEvery, "at least 1");
        Devices.parse(device);
        java.util.Objects.requireNonNull(precision, "precision");
    }

    /** A float32 recipe (the precision every run had before it was a choice). */
    public PretrainConfig(int epochs, int batchSize, int microBatch, double baseLr, double warmupEpochs,
            double weightDecay, double beta1, double beta2, double eps, long seed, int checkpointEvery, String device) {
        this(epochs, batchSize, microBatch, baseLr, warmupEpochs, weightDecay, beta1, beta2, eps, seed, checkpointEvery,
                device, Precision.FP32);
    }

    /** Optimizer steps between checkpoints of a recipe built without {@link #fromSettings}. */
    public static final int DEFAULT_CHECKPOINT_STEPS = 1000;

    /**
     * The paper's recipe, the {@link #SETTINGS}' defaults (100 epochs at batch 1024, base LR 1.5e-4,
     * 10 warm-up epochs, seed 0), on the CPU, a checkpoint every {@link #DEFAULT_CHECKPOINT_STEPS} steps.
     */
    public static PretrainConfig defaults() {
        List<?> betas = (List<?>) setting("betas").defaultValue();
        int batch = (int) (long) setting("batch_size").defaultValue();
        return new PretrainConfig((int) (long) setting("epochs").defaultValue(), batch, batch,
                (double) setting("base_lr").defaultValue(), (double) setting("warmup_epochs").defaultValue(),
                (double) setting("weight_decay").defaultValue(), (double) betas.get(0), (double) betas.get(1),
                (double) setting("eps").defaultValue(), (long) setting("seed").defaultValue(), DEFAULT_CHECKPOINT_STEPS,
                "cpu", Precision.of(setting("precision").defaultValue()));
    }

    /** The setting {@code pretrain.<name>}. */
    public static Setting setting(String name) {
        return SETTINGS.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pretrain setting " + name));
    }

    /**
     * Reads a recipe from a map (parsed YAML or {@code key=value} overrides); absent keys take
     * {@link #defaults()}, {@code micro_batch} defaults to {@code batch_size}. Values may be
     * numbers or numeric strings. Unknown keys are errors that suggest the closest known key.
     */
    public static PretrainConfig fromMap(Map<String, ?> map) {
        for (String key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new BadConfigException("unknown pretrain key '" + key + "'" + suggestion(key)
                        + "; known keys: " + String.join(", ", KEYS));
            }
        }
        PretrainConfig d = defaults();
        int batch = intValue(map, "batch_size", d.batchSize());
        double[] betas = betas(map.get("betas"), d);
        return new PretrainConfig(
                intValue(map, "epochs", d.epochs()),
                batch,
                intValue(map, "micro_batch", batch),
                doubleValue(map, "base_lr", d.baseLr()),
                doubleValue(map, "warmup_epochs", d.warmupEpochs()),
                doubleValue(map, "weight_decay", d.weightDecay()),
                betas[0],
                betas[1],
                doubleValue(map, "eps", d.eps()),
                longValue(map, "seed", d.seed()),
                intValue(map, "checkpoint_every", d.checkpointEvery()),
                map.containsKey("device") ? String.valueOf(map.get("device")) : d.device(),
                Precision.of(map.get("precision")));
    }

    /**
     * The recipe a run follows from its settings ({@link #SETTINGS}, as {@code harness pretrain} and a
     * sweep give them) on a corpus of {@code corpusClips} clips: {@code checkpoint_every} counts
     * epochs and becomes {@code checkpoint_every × (corpusClips / batch_size)} optimizer steps;
     * {@code device} must be resolved ({@code cpu}, {@code gpu}, {@code gpu:N}).
     */
    public static PretrainConfig fromSettings(Map<String, ?> settings, int corpusClips) {
        Map<String, Object> m = new LinkedHashMap<>(settings);
        long everyEpochs = m.containsKey("checkpoint_every") ? longValue(m, "checkpoint_every", 1)
                : (long) setting("checkpoint_every").defaultValue();
        require(everyEpochs >= 1, "checkpoint_every", everyEpochs, "at least 1 (epochs between checkpoints)");
        m.remove("checkpoint_every");
        PretrainConfig r = fromMap(m);
        long stepsPerEpoch = Math.max(1, corpusClips / r.batchSize());
        int every = (int) Math.min(Integer.MAX_VALUE, everyEpochs * stepsPerEpoch);
        return new PretrainConfig(r.epochs, r.batchSize, r.microBatch, r.baseLr, r.warmupEpochs, r.weightDecay, r.beta1,
                r.beta2, r.eps, r.seed, every, r.device, r.precision);
    }

    /**
     * Every key with its value, in {@link #KEYS} order, precision only when it is not fp32;
     * {@code fromMap(toMap())} is this config.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("micro_batch", microBatch);
        m.put("base_lr", baseLr);
        m.put("warmup_epochs", warmupEpochs);
        m.put("weight_decay", weightDecay);
        m.put("betas", List.of(beta1, beta2));
        m.put("eps", eps);
        m.put("seed", seed);
        m.put("checkpoint_every", checkpointEvery);
        m.put("device", device);
        if (precision != Precision.FP32) {
            m.put("precision", precision.key());
        }
        return m;
    }

    /**
     * The keys that determine what a run computes ({@link #toMap()} without checkpoint_every
     * and device): a checkpoint resumes only under an equal identity.
     */
    public Map<String, Object> identity() {
        Map<String, Object> m = toMap();
        m.keySet().removeAll(EXECUTION_KEYS);
        return m;
    }

    /** Peak learning rate: {@code baseLr * batchSize / 256}. */
    public double peakLr() {
        return baseLr * batchSize / 256.0;
    }

    /** The closest known key, as {@code " (did you mean 'x'?)"}, or empty when none is close. */
    static String suggestion(String key) {
        for (String k : KEYS) {
            if (key.length() >= 3 && (k.startsWith(key) || key.startsWith(k))) {
                return " (did you mean '" + k + "'?)";
            }
        }
        String best = ConfigValues.closest(key, KEYS);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static void require(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new BadConfigException("pretrain." + key + " = " + value + " is invalid: expected " + expected);
        }
    }

    private static long largestDivisorAtMost(long n, long limit) {
        for (long d = Math.min(n, limit); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }

    private static double[] betas(Object value, PretrainConfig d) {
        if (value == null) {
            return new double[] {d.beta1(), d.beta2()};
        }
        List<Object> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            items.addAll(list);
        } else {
            for (String part : String.valueOf(value).replaceAll("[\\[\\]()]", "").split(",")) {
                items.add(part.trim());
            }
        }
        if (items.size() != 2) {
            throw new BadConfigException("pretrain.betas = " + value + " is invalid: expected two numbers, e.g. [0.9, 0.95]");
        }
        return new double[] {toDouble("betas", items.get(0)), toDouble("betas", items.get(1))};
    }

    private static int intValue(Map<String, ?> map, String key, int fallback) {
        long v = longValue(map, key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new BadConfigException("pretrain." + key + " = " + v + " is out of range");
        }
        return (int) v;
    }

    private static long longValue(Map<String, ?> map, String key, long fallback) {
        Object v = map.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new BadConfigException("pretrain." + key + " = " + v + " is invalid: expected a whole number");
        }
    }

    private static double doubleValue(Map<String, ?> map, String key, double fallback) {
        Object v = map.get(key);
        return v == null ? fallback : toDouble(key, v);
    }

    private static double toDouble(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new BadConfigException("pretrain." + key + " = " + v + " is invalid: expected a number");
        }
    }
}
