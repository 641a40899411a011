package org.audiomaepp.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.exec.slurm.SlurmSettings;
import picocli.CommandLine.Option;

/**
 * {@code harness run}'s options for {@code --executor slurm}. Each overrides the sweep file's
 * {@code slurm:} section (see {@link SlurmSettings} for the order).
 */
final class SlurmOptions {

    @Option(names = "--partition", paramLabel = "NAME", description = "Slurm partition of every job (slurm.partition)")
    String partition;

    @Option(names = "--account", paramLabel = "NAME", description = "Slurm account to charge (slurm.account)")
    String account;

    @Option(names = "--time", paramLabel = "LIMIT",
            description = "time limit of every job, e.g. 30, 04:00:00 or 1-12:00 (slurm.time)")
    String time;

    @Option(names = "--mem", paramLabel = "SIZE", description = "memory of every job, e.g. 16G (slurm.mem)")
    String mem;

    @Option(names = "--cpus-per-job", paramLabel = "N", description = "cores (and threads) of every job (slurm.cpus)")
    String cpus;

    @Option(names = "--gpus-per-job", paramLabel = "N", description = "GPUs of every job, 0 for none (slurm.gpus)")
    String gpus;

    @Option(names = "--sbatch-extra", paramLabel = "OPT",
            description = "one more sbatch option for every job, e.g. --sbatch-extra=--qos=high (repeatable; slurm.extra)")
    List<String> extra = new ArrayList<>();

    @Option(names = "--slurm", paramLabel = "KEY=VALUE",
            description = "any key of the sweep file's slurm: section, e.g. --slurm pretrain.gpus=1"
                    + " --slurm pretrain.time=12:00:00 (repeatable)")
    List<String> settings = new ArrayList<>();

    @Option(names = "--detach", description = "submit the jobs and return; 'harness status' shows them,"
            + " running the sweep again waits for them and writes the report")
    boolean detach;

    @Option(names = "--cancel-on-exit",
            description = "on Ctrl-C, cancel the Slurm jobs this run submitted without asking")
    boolean cancelOnExit;

    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "10",
            description = "seconds between two looks at the Slurm queue (default: ${DEFAULT-VALUE})")
    long pollSeconds;

    /** The command-line settings as keys of the slurm section ({@code time}, {@code pretrain.gpus}, ...). */
    Map<String, Object> overrides() {
        Map<String, Object> o = new LinkedHashMap<>();
        put(o, "partition", partition, "--partition");
        put(o, "account", account, "--account");
        put(o, "time", time, "--time");
        put(o, "mem", mem, "--mem");
        put(o, "cpus", cpus, "--cpus-per-job");
        put(o, "gpus", gpus, "--gpus-per-job");
        for (String e : extra) {
            put(o, "extra", e, "--sbatch-extra");
        }
        for (String kv : settings) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--slurm " + kv + ": give KEY=VALUE, e.g. --slurm pretrain.time=12:00:00;"
                        + " keys: " + String.join(", ", SlurmSettings.keys()));
            }
            put(o, kv.substring(0, eq).trim(), kv.substring(eq + 1).trim(), "--slurm " + kv);
        }
        return o;
    }

    /** The options given, for the error when they come without {@code --executor slurm}. */
    List<String> given() {
        List<String> g = new ArrayList<>();
        addIf(g, partition != null, "--partition");
        addIf(g, account != null, "--account");
        addIf(g, time != null, "--time");
        addIf(g, mem != null, "--mem");
        addIf(g, cpus != null, "--cpus-per-job");
        addIf(g, gpus != null, "--gpus-per-job");
        addIf(g, !extra.isEmpty(), "--sbatch-extra");
        addIf(g, !settings.isEmpty(), "--slurm");
        addIf(g, detach, "--detach");
        addIf(g, cancelOnExit, "--cancel-on-exit");
        return g;
    }

    private static void addIf(List<String> g, boolean given, String name) {
        if (given) {
            g.add(name);
        }
    }

    private static void put(Map<String, Object> o, String key, String value, String option) {
        if (value != null) {
            SlurmSettings.put(o, key, SlurmSettings.parse(key, value, option));
        }
    }
}
