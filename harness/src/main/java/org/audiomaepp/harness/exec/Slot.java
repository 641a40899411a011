package org.audiomaepp.harness.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.audiomaepp.harness.BadInputException;

/**
 * One place a job can run: a GPU (one job per GPU at a time) or a share of the CPU cores.
 *
 * @param name    for progress lines ({@code gpu 1}, {@code cpu 0})
 * @param device  the device the job sees ({@code gpu:0} for every GPU slot, because the child sees
 *                only its own GPU through {@code CUDA_VISIBLE_DEVICES}; {@code cpu} otherwise)
 * @param threads CPU threads the job may use
 * @param env     environment variables set for the job's JVM
 */
public record Slot(String name, String device, int threads, Map<String, String> env) {

    /** {@code jobs} CPU slots sharing {@code cores} cores without oversubscribing them. */
    public static List<Slot> cpu(int jobs, int cores) {
        int threads = Math.max(1, cores / Math.max(1, jobs));
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            slots.add(new Slot("cpu " + i, "cpu", threads, Map.of(
                    "OMP_NUM_THREADS", Integer.toString(threads),
                    "MKL_NUM_THREADS", Integer.toString(threads),
                    "CUDA_VISIBLE_DEVICES", "")));
        }
        return slots;
    }

    /**
     * Checks the GPU ids of {@code run --gpus} before any job starts, against the GPUs this process
     * sees: ids must be distinct and non-empty (numbers, or the UUIDs CUDA_VISIBLE_DEVICES also
     * takes), and a build or machine without GPUs is told how to get them.
     */
    public static void checkGpus(List<String> ids, int visibleGpus) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String id : ids) {
            if (id.isBlank() || !id.trim().equals(id) || !seen.add(id)) {
                throw new BadInputException("--gpus " + String.join(",", ids) + ": '" + id + "' is "
                        + (seen.contains(id) && !id.isBlank() ? "listed twice" : "not a GPU id")
                        + "; give distinct ids as nvidia-smi numbers them, e.g. --gpus 0,1");
            }
        }
        if (visibleGpus == 0) {
            String visible = System.getenv("CUDA_VISIBLE_DEVICES");
            throw new BadInputException("--gpus " + String.join(",", ids) + ": this process sees no GPU. Build with -Pcuda"
                    + " (mvn -B -Pcuda -DskipTests package), check CUDA_VISIBLE_DEVICES ("
                    + (visible == null ? "unset" : "'" + visible + "'") + "), or leave out --gpus to run on CPU");
        }
    }

    /** One slot per GPU id; the host's cores are shared among them. */
    public static List<Slot> gpus(List<String> ids, int cores) {
        int threads = Math.max(1, cores / Math.max(1, ids.size()));
        List<Slot> slots = new ArrayList<>();
        for (String id : ids) {
            slots.add(new Slot("gpu " + id, "gpu:0", threads, Map.of(
                    "CUDA_VISIBLE_DEVICES", id,
                    "OMP_NUM_THREADS", Integer.toString(threads),
                    "MKL_NUM_THREADS", Integer.toString(threads))));
        }
        return slots;
    }
}
