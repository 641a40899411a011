package org.audiomaepp.harness.cli;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audiomaepp.models.train.Devices;
import org.audiomaepp.tasks.BadInputException;
import org.audiomaepp.tasks.hear.HearTask;
import org.audiomaepp.tasks.hear.HearTaskReader;
import org.audiomaepp.tasks.probe.Embeddings;
import org.audiomaepp.tasks.probe.Grid;
import org.audiomaepp.tasks.probe.ProbeConfig;
import org.audiomaepp.tasks.probe.ProbeData;
import org.audiomaepp.tasks.probe.ProbeOutputs;
import org.audiomaepp.tasks.probe.ProbeResult;
import org.audiomaepp.tasks.probe.Prober;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness probe}: MLP probes on frozen embeddings of one HEAR task, every seed, scored. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Train MLP probes on frozen scene embeddings of one HEAR task (protocol: grid chosen on split 0's"
                    + " validation score, early stopping on the primary metric, test with the best checkpoint),"
                    + " one probe per seed, and write scores, predictions and a mean +/- 95%% interval per metric.",
            "Embeddings: a directory with <split>.npy + <split>.index.json per split, or hear-eval-kit's"
                    + " <split>/<file>.embedding.npy files."
        })
final class ProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--embeddings", required = true, paramLabel = "DIR", description = "Embedding set of the task.")
    Path embeddings;

    @Option(names = "--task", required = true, paramLabel = "TASKDIR", description = "HEAR task directory (labels, splits, metrics).")
    Path task;

    @Option(names = "--seeds", defaultValue = "10", paramLabel = "N", description = "Probe seeds 0..N-1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--grid", defaultValue = "restricted", paramLabel = "GRID",
            description = "restricted (dropout 0.1/0.25, the papers' grid) or hear-full (hear-eval-kit's 8 of 16 points). Default: ${DEFAULT-VALUE}.")
    String grid;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: probe-<task> in the current directory).")
    Path out;

    @Option(names = "--no-batch", description = "Train each seed alone instead of all seeds as one batched model (a CPU does so anyway"
            + " for embeddings 1024 or more wide, where batching is slower).")
    boolean noBatch;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--max-epochs", defaultValue = "500", paramLabel = "N", hidden = true,
            description = "Epoch limit (protocol: 500); lower only for smoke runs.")
    int maxEpochs;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new BadInputException("--seeds must be at least 1, got " + seeds);
        }
        if (maxEpochs < 1) {
            throw new BadInputException("--max-epochs must be at least 1, got " + maxEpochs);
        }
        Device dev = Devices.available(device);
        HearTask hearTask = HearTaskReader.read(task);
        ProbeData data = Embeddings.load(embeddings, hearTask);
        PrintWriter err = spec.commandLine().getErr();
        ProbeConfig defaults = ProbeConfig.defaults();
        ProbeConfig config = defaults.withGrid(Grid.fromName(grid))
                .withSeeds(ProbeConfig.seedsUpTo(seeds))
                .withSchedule(maxEpochs, defaults.validEvery(), defaults.patience())
                .withBatched(!noBatch);
        config = Prober.modeFor(config, dev, data.dim());
        ProbeResult result = new Prober(config, line -> {
            err.println(line);
            err.flush();
        }, dev).run(data);
        Path outDir = out != null ? out : Path.of("probe-" + hearTask.name());
        String embeddingName = embeddings.toAbsolutePath().normalize().getFileName().toString();
        ProbeOutputs.write(outDir, result, embeddingName);

        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s on %s: %d seed(s), %d split(s), grid %s, %.1f s%n", embeddingName, hearTask.name(),
                seeds, data.rotation().size(), config.grid().cliName(), result.wallSeconds());
        o.printf(Locale.ROOT, "%-12s %8s %8s %8s%n", "metric", "mean", "ci95", "std");
        for (ProbeResult.Summary s : result.summaries()) {
            o.printf(Locale.ROOT, "%-12s %8.4f %8s %8s%n", s.metric().hearName(), s.mean(), fmt(s.ci95()), fmt(s.std()));
        }
        o.println("wrote " + outDir);
        o.flush();
        return ExitCodes.OK;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

}
