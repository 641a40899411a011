package org.audiomaepp.models.nn;

import java.util.Arrays;
import java.util.Locale;
import org.audiomaepp.models.BadConfigException;

/**
 * The arithmetic of a pretraining or embedding job. Weights are always kept in float32 (the master
 * copy the optimizer updates and checkpoints store); the precision says how matrix products are
 * computed.
 */
public enum Precision {
    /** Everything in float32: the default, and bit-for-bit repeatable on CPU. */
    FP32,
    /**
     * float32 tensors, but CUDA matrix products on TensorFloat-32 tensor cores (10-bit mantissa
     * inputs, float32 accumulation). The engine has no switch for it: the job's JVM is started
     * with {@link #TF32_ENVIRONMENT}{@code =1}, which PyTorch reads when it starts. No effect on CPU.
     */
    TF32,
    /**
     * Matrix products of linear layers and attention in float16 (see {@link Autocast}); layer
     * norms, softmax, the loss and the optimizer in float32; the loss scaled dynamically against
     * float16 gradient underflow. Never bfloat16: the engine aborts the JVM on it.
     */
    FP16;

    /** The environment variable that turns TF32 on for cuBLAS matrix products in PyTorch. */
    public static final String TF32_ENVIRONMENT = "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE";

    /** The name in configs and on the command line: {@code fp32}, {@code tf32}, {@code fp16}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision a name stands for ({@code fp32}, {@code tf32}, {@code fp16}); null is fp32. */
    public static Precision of(Object name) {
        if (name == null) {
            return FP32;
        }
        String s = name.toString().trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) {
            if (p.key().equals(s)) {
                return p;
            }
        }
        throw new BadConfigException("precision '" + name + "' is not one of "
                + String.join(", ", Arrays.stream(values()).map(Precision::key).toList())
                + (s.startsWith("bf") ? " (bfloat16 aborts the engine; use fp16)" : ""));
    }

    /**
     * Whether this process is set up for this precision: TF32 needs {@link #TF32_ENVIRONMENT}=1
     * in the environment the JVM was started with (the executors set it for the job's JVM).
     */
    public boolean activeIn(java.util.Map<String, String> environment) {
        return this != TF32 || "1".equals(environment.get(TF32_ENVIRONMENT));
    }
}
