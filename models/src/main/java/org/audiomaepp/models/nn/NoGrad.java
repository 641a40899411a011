package org.audiomaepp.models.nn;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs engine work with PyTorch's gradient recording off (like {@code torch.no_grad()}), then
 * restores the calling thread's previous mode. Grad mode is per thread, and a thread other than
 * the one that loaded the engine starts with it on; in-place parameter updates and inference must
 * therefore not depend on whatever mode the thread happens to be in.
 */
public final class NoGrad {
    private NoGrad() {}

    /** Runs {@code work} with gradient recording off. */
    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Computes {@code work} with gradient recording off. */
    public static <T> T call(Supplier<T> work) {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(was);
        }
    }
}
