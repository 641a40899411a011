package org.audiomaepp.harness.exec.slurm;

import java.util.List;

/**
 * What one job asks of Slurm: each becomes an {@code #SBATCH} line of its script when set.
 *
 * @param partition {@code --partition}, null for the cluster's default
 * @param account   {@code --account}, null for the user's default
 * @param time      {@code --time}, null for the partition's default
 * @param mem       {@code --mem}, null for the cluster's default
 * @param cpus      {@code --cpus-per-task}, also the job's threads; null for Slurm's default (1)
 * @param gpus      {@code --gres=gpu:N}; 0 runs the job on CPU
 * @param extra     more sbatch options, written as given (later ones win)
 * @param setup     shell lines run before the job (module loads, environment)
 */
public record SlurmResources(String partition, String account, String time, String mem, Long cpus, long gpus,
        List<String> extra, List<String> setup) {

    public SlurmResources {
        extra = List.copyOf(extra);
        setup = List.copyOf(setup);
    }

    /** The device the job runs on: the first GPU Slurm gave it, or the CPU. */
    public String device() {
        return gpus > 0 ? "gpu:0" : "cpu";
    }
}
