package org.audiomaepp.models.train;

import org.audiomaepp.models.nn.NamedParameter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

    /** The same update written out in double precision, torch.optim.AdamW's order. */
    private static double[] reference(double w, double[] grads, double lr, double wd, boolean decay) {
        double m = 0;
        double v = 0;
        double b1 = 0.9;
        double b2 = 0.95;
        double[] out = new double[grads.length];
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            if (decay) {
                w *= 1 - lr * wd;
            }
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(b2, t)) + 1e-8;
            w -= lr / (1 - Math.pow(b1, t)) * m / denom;
            out[t - 1] = w;
        }
        return out;
    }

    @Test
    void updatesFollowDecoupledAdamWAndDecayOnlyDecayingParameters() {
        double lr = 0.01;
        double wd = 0.05;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray decayed = manager.create(new float[] {2f});
            NDArray plain = manager.create(new float[] {2f});
            decayed.setRequiresGradient(true);
            plain.setRequiresGradient(true);
            List<NamedParameter> params = List.of(
                    new NamedParameter("w", decayed, true), new NamedParameter("b", plain, false));
            double[] grads = new double[3];
            double[] wDecayed = new double[3];
            double[] wPlain = new double[3];
            try (AdamW adam = new AdamW(params, manager, 0.9, 0.95, 1e-8, wd)) {
                for (int t = 0; t < 3; t++) {
                    try (NDManager scope = manager.newSubManager()) {
                        adam.zeroGradients(scope);
                        // loss = w^3 + b^3: gradients 3w^2, 3b^2 differ between steps and parameters
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.backward(decayed.pow(3).add(plain.pow(3)).sum());
                        }
                        grads[t] = 3.0 * decayed.getFloat() * decayed.getFloat();
                        adam.step(lr, scope);
                    }
                    wDecayed[t] = decayed.getFloat();
                    wPlain[t] = plain.getFloat();
                }
                assertEquals(3, adam.stepCount());
            }
            double[] expectDecayed = reference(2.0, grads, lr, wd, true);
            assertArrayEquals(expectDecayed, wDecayed, 1e-6);
            assertEquals(expectDecayed[0], wDecayed[0], 1e-6);
            assertEquals(reference(2.0, new double[] {12.0}, lr, wd, false)[0], wPlain[0], 1e-6);
        }
    }

    @Test
    void stepsEvenWhereTheThreadRecordsGradients() {
        // Grad mode is per thread and on in threads that did not load the engine; an in-place
        // update of a leaf that requires a gradient fails there unless the step turns it off.
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {2f});
            w.setRequiresGradient(true);
            try (AdamW adam = new AdamW(List.of(new NamedParameter("w", w, true)), manager, 0.9, 0.95, 1e-8, 0.05)) {
                try (NDManager scope = manager.newSubManager()) {
                    adam.zeroGradients(scope);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(w.pow(2).sum());
                    }
                    ai.djl.pytorch.jni.JniUtils.setGradMode(true);
                    try {
                        adam.step(0.01, scope);
                        assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "the thread's mode is restored");
                    } finally {
                        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
                    }
                }
            }
            assertTrue(w.getFloat() < 2f);
        }
    }
    @Test
    void theFlatUpdateAndThePerParameterOneGiveTheSameBytes() {
        byte[] each = trainThreeSteps(false);
        byte[] flat = trainThreeSteps(true);
        assertArrayEquals(each, flat);
    }

    /** Weights and both moments after three steps on a few shaped parameters, one path or the other. */
    private static byte[] trainThreeSteps(boolean flatUpdate) {
        try (NDManager manager = NDManager.newBaseManager()) {
            java.util.Random r = new java.util.Random(7);
            List<NamedParameter> params = new java.util.ArrayList<>();
            long[][] shapes = {{3, 5}, {5}, {2, 3, 4}, {1}};
            for (int i = 0; i < shapes.length; i++) {
                float[] values = new float[(int) new ai.djl.ndarray.types.Shape(shapes[i]).size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = (float) r.nextGaussian();
                }
                NDArray a = manager.create(values, new ai.djl.ndarray.types.Shape(shapes[i]));
                a.setRequiresGradient(true);
                params.add(new NamedParameter("p" + i, a, i % 2 == 0));
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (AdamW adam = new AdamW(params, manager, 0.9, 0.95, 1e-8, 0.05, flatUpdate)) {
                for (int t = 0; t < 3; t++) {
                    try (NDManager scope = manager.newSubManager()) {
                        adam.zeroGradients(scope);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = null;
                            for (NamedParameter p : params) {
                                NDArray term = p.array().pow(3).sum();
                                loss = loss == null ? term : loss.add(term);
                            }
                            gc.backward(loss);
                        }
                        adam.step(0.01 * (t + 1), scope);
                    }
                }
                try (NDManager scope = manager.newSubManager()) {
                    List<NDArray> first = adam.firstMoments(scope);
                    List<NDArray> second = adam.secondMoments(scope);
                    params.forEach(p -> out.writeBytes(p.array().toByteArray()));
                    first.forEach(a -> out.writeBytes(a.toByteArray()));
                    second.forEach(a -> out.writeBytes(a.toByteArray()));
                    // what a checkpoint restores comes back unchanged
                    adam.setMoments(second, first);
                    assertArrayEquals(second.get(2).toByteArray(), adam.firstMoments(scope).get(2).toByteArray());
                }
            }
            return out.toByteArray();
        }
    }
}
