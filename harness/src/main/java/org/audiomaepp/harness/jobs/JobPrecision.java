package org.audiomaepp.harness.jobs;

import java.util.Map;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.models.nn.Precision;

/**
 * The precision a job computes in ({@code pretrain.precision} of a pretrain job,
 * {@code embedding.precision} of an embed job; fp32 for everything else), and what its JVM needs
 * for it: TF32 is switched on by an environment variable PyTorch reads when it starts, so the
 * executor sets it for that job's JVM and the stage refuses to run TF32 in a JVM without it.
 */
public final class JobPrecision {

    private JobPrecision() {}

    /** The job's precision. */
    public static Precision of(JobSpec job) {
        String section = switch (job.stage()) {
            case "pretrain" -> "pretrain";
            case "embed" -> "embedding";
            default -> null;
        };
        if (section != null && job.config().get(section) instanceof Map<?, ?> m) {
            return Precision.of(m.get("precision"));
        }
        return Precision.FP32;
    }

    /** Environment variables the job's JVM must start with: {@code TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=1} for TF32. */
    public static Map<String, String> environment(JobSpec job) {
        return environment(of(job));
    }

    /** Environment variables a JVM computing in {@code precision} must start with. */
    public static Map<String, String> environment(Precision precision) {
        return precision == Precision.TF32 ? Map.of(Precision.TF32_ENVIRONMENT, "1") : Map.of();
    }

    /**
     * Refuses to compute in {@code precision} in this JVM if it was not started for it (TF32 without
     * its environment variable would silently run in fp32 while its records say tf32).
     */
    public static void requireActive(Precision precision, String what) {
        if (!precision.activeIn(System.getenv())) {
            throw new BadInputException(what + " asks for precision " + precision.key() + ", but this JVM was started without "
                    + Precision.TF32_ENVIRONMENT + "=1, which PyTorch reads at start: run it through 'harness run' (which sets it"
                    + " for the job), or start the command as " + Precision.TF32_ENVIRONMENT + "=1 harness ...");
        }
    }
}
