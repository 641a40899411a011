package org.audiomaepp.harness.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
