package org.audiomaepp.harness.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audiomaepp.harness.BadInputException;

/**
 * The instruction set the engine's CPU kernels are pinned to, so that a job gives the same bytes on
 * any x86-64 processor for a given thread count.
 *
 * <p>Left alone, PyTorch picks vectorised kernels by what the processor offers: ATen's CPU
 * capability, MKL's code path and oneDNN's ISA, so an AVX-512 machine sums in a different order than
 * an AVX2 one and the last bits of a score move. All three read an environment variable once, when
 * the native library loads, so the JVM that runs the engine must start with them: the child JVMs of
 * {@code harness run} get them from the launcher, an sbatch script exports them, and a command that
 * runs the engine in its own JVM starts itself again with them when they are missing
 * ({@code cli.EngineRelaunch}).
 *
 * <p>The level is {@code avx2} (every x86-64 server of the last decade has it; MKL runs its
 * conditional-numerical-reproducibility path {@code COMPATIBLE}, the one path Intel documents as
 * giving the same results on Intel and AMD processors). {@value #OVERRIDE} picks another:
 * {@code default} (no vector extensions), {@code avx2} or {@code avx512}.
 */
public final class CpuKernels {

    /** Environment variable that picks the level instead of {@value #DEFAULT_LEVEL}. */
    public static final String OVERRIDE = "HARNESS_CPU_CAPABILITY";
    /** The level jobs run at unless {@value #OVERRIDE} says otherwise. */
    public static final String DEFAULT_LEVEL = "avx2";
    /** ATen's kernel choice, read by PyTorch when it loads. */
    public static final String ATEN = "ATEN_CPU_CAPABILITY";
    static final String MKL = "MKL_CBWR";
    static final String ONEDNN = "ONEDNN_MAX_CPU_ISA";

    /** The levels {@value #OVERRIDE} accepts, lowest first. */
    public static final List<String> LEVELS = List.of("default", "avx2", "avx512");

    private CpuKernels() {}

    /** The level asked for in {@code env}: {@value #OVERRIDE}, else {@value #DEFAULT_LEVEL}. */
    public static String level(Map<String, String> env) {
        String asked = env.get(OVERRIDE);
        if (asked == null || asked.isBlank()) {
            return DEFAULT_LEVEL;
        }
        String level = asked.trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new BadInputException(OVERRIDE + "=" + asked + " is not a CPU capability level; use one of "
                    + String.join(", ", LEVELS) + " (or unset it for " + DEFAULT_LEVEL + ")");
        }
        return level;
    }

    /** The variables a JVM that runs the engine must start with, for the level asked for in {@code env}. */
    public static Map<String, String> environment(Map<String, String> env) {
        String level = level(env);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ATEN, level);
        out.put(MKL, "COMPATIBLE");
        out.put(ONEDNN, switch (level) {
            case "default" -> "SSE41";
            case "avx512" -> "AVX512_CORE";
            default -> "AVX2";
        });
        return out;
    }

    /** The variables this process's children that run the engine must start with. */
    public static Map<String, String> environment() {
        return environment(System.getenv());
    }

    /** Whether a JVM started with {@code env} runs the engine at the level it asks for. */
    public static boolean pinnedIn(Map<String, String> env) {
        return environment(env).entrySet().stream().allMatch(e -> e.getValue().equals(env.get(e.getKey())));
    }

    /**
     * The level this JVM's engine runs at, as {@code DONE} records it: the pinned level, or
     * {@code native} (the processor's best) in a JVM started without the pin.
     */
    public static String capability() {
        Map<String, String> env = System.getenv();
        return pinnedIn(env) ? env.get(ATEN) : "native";
    }
}
