package org.audiomaepp.models.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audiomaepp.models.nn.Precision;

/**
 * What the engine of this process really runs on, asked at run time: the libtorch it loaded
 * (version, flavor, directory: DJL's bundled natives, or the one {@code PYTORCH_LIBRARY_PATH} points
 * at), the CUDA runtime and the GPUs it sees, and whether fp32 matrix products may use TF32. The
 * versions the project was built against say nothing about a job that ran on another libtorch.
 *
 * @param libtorch       the libtorch version DJL loaded ({@code PYTORCH_VERSION} when set)
 * @param flavor         {@code cpu}, {@code cu124}, …: {@code PYTORCH_FLAVOR}, else from the natives' directory
 * @param libtorchPath   the directory the libtorch was loaded from
 * @param cuda           the CUDA runtime version (e.g. {@code 12.4}), or {@code none}
 * @param gpus           GPUs visible to the process
 * @param gpuName        name of GPU 0 (with its compute capability), or {@code none}
 * @param tf32           whether cuBLAS may use TF32 for float32 products ({@link Precision#TF32_ENVIRONMENT})
 */
public record EngineInfo(String libtorch, String flavor, String libtorchPath, String cuda, int gpus, String gpuName,
        boolean tf32) {

    private static final Pattern CACHE_DIR = Pattern.compile(".*-((?:cpu|cu\\d+|rocm[\\d.]*)(?:-precxx11)?)-(?:linux|osx|win)-.*");
    private static volatile EngineInfo loaded;

    /** Loads the engine on first use and describes it. */
    public static EngineInfo load() {
        EngineInfo info = loaded;
        if (info == null) {
            info = describe(Engine.getInstance());
            loaded = info;
        }
        return info;
    }

    /** The description of the engine if {@link #load} ran in this process (it does not load the engine). */
    public static Optional<EngineInfo> ifLoaded() {
        return Optional.ofNullable(loaded);
    }

    private static EngineInfo describe(Engine engine) {
        String path = LibUtils.getLibtorchPath();
        int gpus = engine.getGpuCount();
        String cuda = "none";
        String gpu = "none";
        if (gpus > 0) {
            try {
                int v = CudaUtils.getCudaVersion();
                cuda = v / 1000 + "." + (v / 10) % 100;
            } catch (RuntimeException e) {
                cuda = "unknown";
            }
            gpu = gpuName(0) + " (sm " + CudaUtils.getComputeCapability(0) + ")";
        }
        return new EngineInfo(engine.getVersion(), flavorOf(System.getenv("PYTORCH_FLAVOR"), path), path, cuda, gpus, gpu,
                Precision.TF32.activeIn(System.getenv()));
    }

    /** {@code PYTORCH_FLAVOR} if set, else the flavor in DJL's cache directory name ({@code 2.5.1-20241113-cpu-linux-x86_64}). */
    static String flavorOf(String override, String libtorchPath) {
        if (override != null && !override.isBlank()) {
            return override.trim();
        }
        Path name = Path.of(libtorchPath).getFileName();
        Matcher m = CACHE_DIR.matcher(name == null ? "" : name.toString());
        return m.matches() ? m.group(1) : "custom";
    }

    /** The GPU's name as nvidia-smi prints it, or {@code unknown} (DJL does not expose it). */
    private static String gpuName(int id) {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader", "-i", Integer.toString(id))
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return "unknown";
            }
            String name = new String(out, StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? "unknown" : name;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The fields as a DONE record and the report show them. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pytorch", libtorch);
        m.put("pytorch_native", flavor);
        m.put("libtorch_path", libtorchPath);
        m.put("cuda", cuda);
        m.put("gpus", gpus);
        m.put("gpu", gpuName);
        m.put("tf32", tf32);
        return m;
    }

    /** One line for logs and benchmarks. */
    public String line() {
        return "libtorch " + libtorch + " (" + flavor + ", " + libtorchPath + "), cuda " + cuda + ", " + gpus + " GPU(s)"
                + (gpus > 0 ? ": " + gpuName : "") + ", tf32 " + (tf32 ? "on" : "off");
    }
}
