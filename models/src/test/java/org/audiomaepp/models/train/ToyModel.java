package org.audiomaepp.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.audiomaepp.models.nn.NamedParameter;
import java.util.SplittableRandom;

/** A two-layer linear autoencoder over mel frames with seeded frame masks: small, fast, trainable. */
final class ToyModel implements TrainableModel {

    private final List<NamedParameter> parameters;
    private final boolean seededMasks;

    ToyModel(NDManager manager, long seed, int hidden) {
        this(manager, seed, hidden, true);
    }

    /** With {@code seededMasks} false, every other frame is masked whatever the mask seed. */
    ToyModel(NDManager manager, long seed, int hidden, boolean seededMasks) {
        this.seededMasks = seededMasks;
        SplittableRandom rng = new SplittableRandom(seed);
        int bins = SpectrogramCorpus.MEL_BINS;
        NDArray w1 = manager.create(random(rng, bins * hidden, 0.1f), new Shape(bins, hidden));
        NDArray b1 = manager.zeros(new Shape(hidden));
        NDArray w2 = manager.create(random(rng, hidden * bins, 0.1f), new Shape(hidden, bins));
        parameters = List.of(new NamedParameter("enc.weight", w1, true), new NamedParameter("enc.bias", b1, false),
                new NamedParameter("dec.weight", w2, true));
    }

    @Override
    public List<NamedParameter> parameters() {
        return parameters;
    }

    @Override
    public NDArray loss(NDArray batch, long maskSeed) {
        int bins = SpectrogramCorpus.MEL_BINS;
        long rows = batch.size() / bins;
        NDArray x = batch.reshape(rows, bins);
        float[] keep = new float[(int) rows];
        SplittableRandom rng = new SplittableRandom(maskSeed);
        for (int i = 0; i < keep.length; i++) {
            keep[i] = (seededMasks ? rng.nextDouble() < 0.5 : i % 2 == 0) ? 1f : 0f;
        }
        keep[0] = 1f;
        NDArray mask = batch.getManager().create(keep, new Shape(rows, 1));
        NDArray y = x.mul(mask).matMul(parameters.get(0).array()).add(parameters.get(1).array())
                .matMul(parameters.get(2).array());
        return y.sub(x).square().mul(mask.neg().add(1f)).sum().div(rows * bins);
    }

    private static float[] random(SplittableRandom rng, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }
}
