import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.nn.NamedParameter;
import org.audiomaepp.models.train.AdamW;

/**
 * Wall time of one AdamW step over a preset's parameters, and the engine operations it runs
 * (libtorch's profiler: the trace goes to PROFILE_JSON, count its top-level aten ops with
 * bench/count_ops.py). Run from a build of the project:
 *
 *   java -cp harness/target/harness.jar bench/AdamWStepBench.java PRESET STEPS PROFILE_JSON
 */
public class AdamWStepBench {
    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "tiny";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String profile = args.length > 2 ? args[2] : null;
        try (NDManager manager = NDManager.newBaseManager();
                MaskedAutoencoder mae = MaskedAutoencoder.create(ModelConfig.of(preset), manager, 0)) {
            List<NamedParameter> params = mae.parameters();
            params.forEach(p -> p.array().setRequiresGradient(true));
            try (NDManager scope = manager.newSubManager(); GradientCollector c = manager.getEngine().newGradientCollector()) {
                NDArray x = scope.randomNormal(new Shape(2, 1, 200, 80));
                c.backward(mae.loss(x, 0L));
            }
            try (AdamW adam = new AdamW(params, manager, 0.9, 0.95, 1e-8, 0.05)) {
                for (int i = 0; i < 2; i++) {
                    try (NDManager scope = manager.newSubManager()) {
                        adam.step(1e-4, scope);
                    }
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    try (NDManager scope = manager.newSubManager()) {
                        adam.step(1e-4, scope);
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6 / steps;
                if (profile != null) {
                    JniUtils.startProfile(false, false, false);
                    try (NDManager scope = manager.newSubManager()) {
                        adam.step(1e-4, scope);
                    }
                    JniUtils.stopProfile(profile);
                }
                long values = params.stream().mapToLong(p -> p.array().size()).sum();
                System.out.printf("preset=%s tensors=%d values=%d adamw_step_ms=%.2f threads=%s%n", preset, params.size(), values, ms,
                        System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
            }
        }
    }
}
