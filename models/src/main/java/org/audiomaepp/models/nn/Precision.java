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
     * float16 gradient underflow. Never bfloat16: the engine aborts the JVM on it ({@link #BFLOAT16_ABORT}).
     */
    FP16;

    /** The environment variable that turns TF32 on for cuBLAS matrix products in PyTorch. */
    public static final String TF32_ENVIRONMENT = "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE";

    /**
     * Why bfloat16 is refused. DJL 0.32's PyTorch JNI turns a Java data type into a libtorch one in
     * {@code GetScalarTypeFromDType} (djl_pytorch_utils.h), whose switch has no case for bfloat16 (ordinal
     * 11) and ends in a bare {@code throw;}: with no exception active that is {@code std::terminate},
     * a SIGABRT no Java code can catch. Every call that passes a data type goes through it, the first one
     * a bfloat16 autocast would make being {@code torchEmpty} (creating the bfloat16 copy) or
     * {@code torchTo} ({@code toType}); it happens on CPU and CUDA alike, whatever the libtorch.
     */
    public static final String BFLOAT16_ABORT = "DJL 0.32's PyTorch JNI has no bfloat16 case in GetScalarTypeFromDType"
            + " (djl_pytorch_utils.h): creating or casting to a bfloat16 tensor (torchEmpty, torchTo) hits a bare"
            + " `throw;` and std::terminate aborts the JVM, on CPU and GPU alike";

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
                + (s.startsWith("bf") ? ": bfloat16 is refused because " + BFLOAT16_ABORT + "; use fp16 (float16 products,"
                        + " float32 weights, dynamic loss scaling) or tf32" : ""));
    }

    /**
     * Whether this process is set up for this precision: TF32 needs {@link #TF32_ENVIRONMENT}=1
     * in the environment the JVM was started with (the executors set it for the job's JVM).
     */
    public boolean activeIn(java.util.Map<String, String> environment) {
        return this != TF32 || "1".equals(environment.get(TF32_ENVIRONMENT));
    }
}
