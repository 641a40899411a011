package org.audiomaepp.tasks.probe;

import org.audiomaepp.tasks.Permutations;
import org.audiomaepp.tasks.hear.PredictionType;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import org.audiomaepp.core.AdamUpdate;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.audiomaepp.tasks.metrics.Metric;
import org.audiomaepp.tasks.metrics.Metrics;
import org.audiomaepp.tasks.metrics.Predictions;
import org.audiomaepp.tasks.metrics.Score;

/**
 * Trains M probes of one architecture on one rotation split as a single batched model: every
 * weight is stacked along a leading member axis ({@code [M, in, out]}) and each layer is one
 * batched matmul on the engine. Each member has its own initialization, dropout masks, batch order
 * (all drawn in Java from {@link Member#random}), learning rate, dropout rate, Adam moments,
 * BatchNorm statistics, early-stopping counter and best checkpoint. The loss is the sum of the
 * members' mean losses, so each member's gradient is exactly its own. A member that stops early
 * is dropped from the stacked arrays (the others' state is copied unchanged), so it stops costing
 * compute and every member's result equals training it alone (with M = 1), up to float rounding.
 *
 * <p>The network per member: {@code hiddenLayers} × (Linear → BatchNorm1d → Dropout → ReLU), then
 * Linear to the labels. Xavier init (gain 1 for the first layer, √2 after a ReLU), biases uniform
 * in ±1/√fan_in; BatchNorm momentum 0.1, eps 1e-5, biased batch variance for normalizing and
 * unbiased for the running variance, as PyTorch. Adam with betas (0.9, 0.999), eps 1e-8, in
 * PyTorch's update form.
 */
final class BatchedProbe {
    private static final double BN_MOMENTUM = 0.1;
    private static final double BN_EPS = 1e-5;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    private final NDManager base;
    private final ProbeConfig config;
    private final PredictionType type;
    private final Metrics metrics;
    private final int nLabels;

    BatchedProbe(NDManager base, ProbeConfig config, PredictionType type, Metrics metrics, int nLabels) {
        this.base = base;
        this.config = config;
        this.type = type;
        this.metrics = metrics;
        this.nLabels = nLabels;
    }

    /** Trains all members (same hidden layer count and width) and returns their fits in order. */
    List<MemberFit> fit(SplitData train, SplitData valid, SplitData test, List<Member> members) {
        long start = System.nanoTime();
        int layers = members.get(0).point().hiddenLayers();
        int hidden = members.get(0).point().hiddenDim();
        for (Member m : members) {
            if (m.point().hiddenLayers() != layers || m.point().hiddenDim() != hidden) {
                throw new IllegalArgumentException("one batch holds one architecture: " + members);
            }
        }
        try (NDManager fitManager = base.newSubManager()) {
            Model model = new Model(fitManager, members, train.dim(), hidden, layers, nLabels);
            Run run = new Run(fitManager, model, train, valid, test, members);
            run.train();
            double wall = (System.nanoTime() - start) / 1e9 / members.size();
            List<MemberFit> fits = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Predictions testPred = new Predictions(run.bestTestProbs[i], test.labels(), nLabels);
                fits.add(new MemberFit(members.get(i), run.bestEpoch[i], run.epochsTrained[i],
                        run.bestValidScores.get(i), scoreAll(testPred), run.bestTestProbs[i], wall));
            }
            return fits;
        }
    }

    private Map<Metric, Score> scoreAll(Predictions p) {
        Map<Metric, Score> scores = new EnumMap<>(Metric.class);
        for (Metric m : metrics.all()) {
            scores.put(m, m.score(p));
        }
        return scores;
    }

    /** The stacked parameters, Adam state and BatchNorm statistics of all members. */
    private static final class Model {
        int members;
        final int layers;
        final List<NDArray> weights = new ArrayList<>();
        final List<NDArray> biases = new ArrayList<>();
        final List<NDArray> gammas = new ArrayList<>();
        final List<NDArray> betas = new ArrayList<>();
        final List<NDArray> runMeans = new ArrayList<>();
        final List<NDArray> runVars = new ArrayList<>();
        final List<NDArray> trainable = new ArrayList<>();
        final List<NDArray> adamM = new ArrayList<>();
        final List<NDArray> adamV = new ArrayList<>();
        NDArray learningRates;
        float[] dropout;

        Model(NDManager m, List<Member> ms, int inDim, int hidden, int layers, int nLabels) {
            this.members = ms.size();
            this.layers = layers;
            SplittableRandom[] init = ms.stream().map(x -> x.random(Member.Purpose.INIT)).toArray(SplittableRandom[]::new);
            int in = inDim;
            for (int l = 0; l <= layers; l++) {
                boolean output = l == layers;
                int out = output ? nLabels : hidden;
                // calculate_gain: 'linear' before the first layer, 'relu' after a hidden layer
                double gain = l == 0 ? 1.0 : Math.sqrt(2.0);
                float[] w = new float[members * in * out];
                float[] b = new float[members * out];
                for (int i = 0; i < members; i++) {
                    fillLayer(init[i], ms.get(i).point().init(), gain, in, out, w, i * in * out, b, i * out);
                }
                weights.add(m.create(w, new Shape(members, in, out)));
                biases.add(m.create(b, new Shape(members, 1, out)));
                if (!output) {
                    gammas.add(m.ones(new Shape(members, 1, out)));
                    betas.add(m.zeros(new Shape(members, 1, out)));
                    runMeans.add(m.zeros(new Shape(members, 1, out)));
                    runVars.add(m.ones(new Shape(members, 1, out)));
                }
                in = out;
            }
            collectTrainable();
            for (NDArray p : trainable) {
                adamM.add(m.zeros(p.getShape()));
                adamV.add(m.zeros(p.getShape()));
            }
            float[] lr = new float[members];
            this.dropout = new float[members];
            for (int i = 0; i < members; i++) {
                lr[i] = (float) ms.get(i).point().learningRate();
                dropout[i] = (float) ms.get(i).point().dropout();
            }
            this.learningRates = m.create(lr, new Shape(members, 1, 1));
        }

        private void collectTrainable() {
            trainable.clear();
            for (int l = 0; l <= layers; l++) {
                trainable.add(weights.get(l));
                trainable.add(biases.get(l));
                if (l < layers) {
                    trainable.add(gammas.get(l));
                    trainable.add(betas.get(l));
                }
            }
            for (NDArray p : trainable) {
                p.setRequiresGradient(true);
            }
        }

        /**
         * Keeps only the members in {@code slots} (positions along the member axis), copying their
         * parameters, Adam moments and BatchNorm statistics unchanged: stopped members stop costing.
         */
        void keep(NDManager owner, int[] slots) {
            try (NDManager tmp = owner.newSubManager()) {
                NDArray idx = tmp.create(Arrays.stream(slots).asLongStream().toArray());
                for (List<NDArray> list : List.of(weights, biases, gammas, betas, runMeans, runVars, adamM, adamV)) {
                    for (int i = 0; i < list.size(); i++) {
                        NDArray old = list.get(i);
                        list.set(i, old.get(owner, new NDIndex("{}", idx)));
                        old.close();
                    }
                }
                NDArray oldLr = learningRates;
                learningRates = oldLr.get(owner, new NDIndex("{}", idx));
                oldLr.close();
            }
            float[] kept = new float[slots.length];
            for (int k = 0; k < slots.length; k++) {
                kept[k] = dropout[slots[k]];
            }
            dropout = kept;
            members = slots.length;
            collectTrainable();
        }

        List<NDArray> persistent() {
            List<NDArray> all = new ArrayList<>(trainable);
            all.addAll(runMeans);
            all.addAll(runVars);
            all.addAll(adamM);
            all.addAll(adamV);
            all.add(learningRates);
            return all;
        }

        private static void fillLayer(SplittableRandom r, GridPoint.Init init, double gain, int fanIn, int fanOut,
                float[] w, int wOff, float[] b, int bOff) {
            int n = fanIn * fanOut;
            if (init == GridPoint.Init.XAVIER_NORMAL) {
                double std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
                for (int k = 0; k < n; k++) {
                    w[wOff + k] = (float) (r.nextGaussian() * std);
                }
            } else {
                double bound = gain * Math.sqrt(6.0 / (fanIn + fanOut));
                for (int k = 0; k < n; k++) {
                    w[wOff + k] = (float) ((r.nextDouble() * 2 - 1) * bound);
                }
            }
            double bb = 1 / Math.sqrt(fanIn);
            for (int k = 0; k < fanOut; k++) {
                b[bOff + k] = (float) ((r.nextDouble() * 2 - 1) * bb);
            }
        }
    }

    /** One training run: data on the engine, the loop, early stopping and the best checkpoints. */
    private final class Run {
        final NDManager manager;
        final Model model;
        final SplitData train;
        final SplitData valid;
        final SplitData test;
        final List<Member> members;
        final NDArray trainX;
        final NDArray trainY;
        final NDArray validX;
        final NDArray testX;
        final SplittableRandom[] order;
        final SplittableRandom[] dropoutRng;
        final int[] bestEpoch;
        final int[] epochsTrained;
        final int[] badValidations;
        final boolean[] stopped;
        final double[] bestValid;
        final float[][][] bestTestProbs;
        final List<Map<Metric, Score>> bestValidScores = new ArrayList<>();
        /** The member (index into {@code members}) at each position of the model's member axis. */
        int[] active;
        int step;

        Run(NDManager manager, Model model, SplitData train, SplitData valid, SplitData test, List<Member> members) {
            this.manager = manager;
            this.model = model;
            this.train = train;
            this.valid = valid;
            this.test = test;
            this.members = members;
            int dim = train.dim();
            trainX = manager.create(train.x(), new Shape(train.size(), dim));
            trainY = manager.create(multiHot(train.labels()), new Shape(train.size(), nLabels));
            validX = manager.create(valid.x(), new Shape(valid.size(), dim));
            testX = manager.create(test.x(), new Shape(test.size(), dim));
            int m = members.size();
            order = members.stream().map(x -> x.random(Member.Purpose.BATCH_ORDER)).toArray(SplittableRandom[]::new);
            dropoutRng = members.stream().map(x -> x.random(Member.Purpose.DROPOUT)).toArray(SplittableRandom[]::new);
            bestEpoch = new int[m];
            epochsTrained = new int[m];
            badValidations = new int[m];
            stopped = new boolean[m];
            bestValid = new double[m];
            Arrays.fill(bestValid, Double.NEGATIVE_INFINITY);
            Arrays.fill(bestEpoch, -1);
            bestTestProbs = new float[m][][];
            active = java.util.stream.IntStream.range(0, m).toArray();
            for (int i = 0; i < m; i++) {
                bestValidScores.add(null);
            }
        }

        void train() {
            int n = train.size();
            int batch = config.batchSize();
            boolean validated = false;
            for (int epoch = 0; epoch < config.maxEpochs(); epoch++) {
                int[][] perms = new int[active.length][];
                for (int k = 0; k < active.length; k++) {
                    perms[k] = Permutations.of(n, order[active[k]]);
                    epochsTrained[active[k]] = epoch + 1;
                }
                for (int from = 0; from < n; from += batch) {
                    trainStep(perms, from, Math.min(batch, n - from));
                }
                boolean last = epoch == config.maxEpochs() - 1;
                if ((epoch + 1) % config.validEvery() == 0 || (last && !validated)) {
                    validated = true;
                    validate(epoch);
                    int[] keep = java.util.stream.IntStream.range(0, active.length).filter(k -> !stopped[active[k]]).toArray();
                    if (keep.length == 0) {
                        return;
                    }
                    if (keep.length < active.length) {
                        model.keep(manager, keep);
                        active = Arrays.stream(keep).map(k -> active[k]).toArray();
                    }
                }
            }
        }

        private void trainStep(int[][] perms, int from, int b) {
            int m = active.length;
            int hidden = members.get(0).point().hiddenDim();
            step++;
            try (NDManager s = manager.newSubManager()) {
                for (NDArray p : model.persistent()) {
                    p.tempAttach(s);
                }
                trainX.tempAttach(s);
                trainY.tempAttach(s);
                long[] idx = new long[m * b];
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < b; k++) {
                        idx[i * b + k] = perms[i][from + k];
                    }
                }
                NDArray index = s.create(idx);
                NDArray x = trainX.get(new NDIndex("{}", index)).reshape(m, b, train.dim());
                NDArray y = trainY.get(new NDIndex("{}", index)).reshape(m, b, nLabels);
                List<NDArray> masks = new ArrayList<>();
                for (int l = 0; l < model.layers; l++) {
                    masks.add(s.create(dropoutMask(b, hidden), new Shape(m, b, hidden)));
                }
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray h = x;
                    for (int l = 0; l < model.layers; l++) {
                        NDArray z = h.matMul(model.weights.get(l)).add(model.biases.get(l));
                        NDArray mean = z.mean(new int[] {1}, true);
                        NDArray centered = z.sub(mean);
                        NDArray var = centered.square().mean(new int[] {1}, true);
                        NDArray normed = centered.div(var.add(constant(var, BN_EPS)).sqrt()).mul(model.gammas.get(l)).add(model.betas.get(l));
                        NDArray dropped = normed.mul(masks.get(l));
                        h = dropped.maximum(constant(dropped, 0));
                        model.runMeans.get(l).muli(1 - BN_MOMENTUM).addi(mean.stopGradient().mul(BN_MOMENTUM));
                        model.runVars.get(l).muli(1 - BN_MOMENTUM)
                                .addi(var.stopGradient().mul(BN_MOMENTUM * b / Math.max(1, b - 1)));
                    }
                    NDArray logits = h.matMul(model.weights.get(model.layers)).add(model.biases.get(model.layers));
                    gc.backward(loss(logits, y));
                }
                adamStep(s);
            }
        }

        private NDArray loss(NDArray logits, NDArray y) {
            if (type == PredictionType.MULTICLASS) {
                // mean over the batch of -log softmax at the target, per member; summed over members
                NDArray total = logits.logSoftmax(2).mul(y).sum().neg();
                return total.div(constant(total, logits.getShape().get(1)));
            }
            // binary cross-entropy with logits, stable form: max(x,0) - x*y + log(1 + exp(-|x|))
            NDArray expNegAbs = logits.abs().neg().exp();
            NDArray bce = logits.maximum(constant(logits, 0)).sub(logits.mul(y)).add(expNegAbs.add(constant(expNegAbs, 1)).log());
            NDArray total = bce.sum();
            return total.div(constant(total, logits.getShape().get(1) * logits.getShape().get(2)));
        }

        /**
         * {@code value} as an engine-owned 0-d tensor. Never pass a Java number to an operation
         * autograd records: DJL wraps it in a view of a Java buffer that the garbage collector may
         * free before the backward pass reads it (see models' {@code nn.Scalars}).
         */
        private static NDArray constant(NDArray like, double value) {
            return like.getManager().full(new Shape(), (float) value, like.getDataType());
        }

        private void adamStep(NDManager s) {
            withoutGradients(() -> adamUpdate(s));
        }

        private void adamUpdate(NDManager s) {
            double bc1 = 1 - Math.pow(BETA1, step);
            NDArray stepSize = model.learningRates.div(bc1);
            for (int k = 0; k < model.trainable.size(); k++) {
                NDArray p = model.trainable.get(k);
                NDArray g = p.getGradient();
                g.attach(s);
                p.subi(AdamUpdate.direction(model.adamM.get(k), model.adamV.get(k), g, BETA1, BETA2, ADAM_EPS, step, s)
                        .muli(stepSize));
                g.subi(g);
            }
        }

        private float[] dropoutMask(int b, int hidden) {
            int m = active.length;
            float[] mask = new float[m * b * hidden];
            for (int i = 0; i < m; i++) {
                float p = model.dropout[i];
                float keep = 1f / (1f - p);
                SplittableRandom r = dropoutRng[active[i]];
                int off = i * b * hidden;
                for (int k = 0; k < b * hidden; k++) {
                    mask[off + k] = r.nextDouble() < p ? 0f : keep;
                }
            }
            return mask;
        }

        private void validate(int epoch) {
            float[][][] probs = predict(validX, valid.size());
            boolean anyImproved = false;
            boolean[] improved = new boolean[active.length];
            for (int k = 0; k < active.length; k++) {
                int i = active[k];
                Map<Metric, Score> sc = scoreAll(new Predictions(probs[k], valid.labels(), nLabels));
                double v = sc.get(metrics.primary()).value();
                // strict improvement, as Lightning's EarlyStopping and ModelCheckpoint (mode max)
                if (v > bestValid[i] || bestEpoch[i] < 0) {
                    improved[k] = true;
                    anyImproved = true;
                    bestValid[i] = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
                    bestEpoch[i] = epoch;
                    bestValidScores.set(i, sc);
                    badValidations[i] = 0;
                } else {
                    badValidations[i]++;
                    if (badValidations[i] >= config.patience()) {
                        stopped[i] = true;
                    }
                }
            }
            if (anyImproved) {
                float[][][] testProbs = predict(testX, test.size());
                for (int k = 0; k < active.length; k++) {
                    if (improved[k]) {
                        bestTestProbs[active[k]] = testProbs[k];
                    }
                }
            }
        }

        /** Eval-mode forward (running BatchNorm statistics, no dropout) in chunks; probabilities per member. */
        private float[][][] predict(NDArray xAll, int n) {
            float[][][][] out = new float[1][][][];
            withoutGradients(() -> out[0] = predictWithoutGradients(xAll, n));
            return out[0];
        }

        private float[][][] predictWithoutGradients(NDArray xAll, int n) {
            int m = active.length;
            float[][][] out = new float[m][n][nLabels];
            int chunk = config.batchSize();
            for (int from = 0; from < n; from += chunk) {
                int len = Math.min(chunk, n - from);
                try (NDManager s = manager.newSubManager()) {
                    for (NDArray p : model.persistent()) {
                        p.tempAttach(s);
                    }
                    NDArray h = xAll.get(s, new NDIndex(from + ":" + (from + len))).expandDims(0);
                    for (int l = 0; l < model.layers; l++) {
                        NDArray z = h.matMul(model.weights.get(l)).add(model.biases.get(l));
                        NDArray normed = z.sub(model.runMeans.get(l)).div(model.runVars.get(l).add(BN_EPS).sqrt())
                                .mul(model.gammas.get(l)).add(model.betas.get(l));
                        h = normed.maximum(constant(normed, 0));
                    }
                    NDArray logits = h.matMul(model.weights.get(model.layers)).add(model.biases.get(model.layers));
                    NDArray p = type == PredictionType.MULTICLASS ? logits.softmax(2) : Activation.sigmoid(logits);
                    float[] flat = p.toFloatArray();
                    for (int i = 0; i < m; i++) {
                        for (int k = 0; k < len; k++) {
                            System.arraycopy(flat, (i * len + k) * nLabels, out[i][from + k], 0, nLabels);
                        }
                    }
                }
            }
            return out;
        }
    }

    private float[] multiHot(List<int[]> labels) {
        float[] y = new float[labels.size() * nLabels];
        for (int i = 0; i < labels.size(); i++) {
            for (int c : labels.get(i)) {
                y[i * nLabels + c] = 1f;
            }
        }
        return y;
    }


    /**
     * Runs {@code work} with PyTorch's gradient recording off, restoring the thread's mode after:
     * grad mode is per thread and starts on in threads other than the one that loaded the engine,
     * so in-place updates must not depend on it.
     */
    private static void withoutGradients(Runnable work) {
        boolean was = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try {
            work.run();
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(was);
        }
    }
}
