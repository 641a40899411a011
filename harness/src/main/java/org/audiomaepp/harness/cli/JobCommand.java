package org.audiomaepp.harness.cli;

import java.util.concurrent.Callable;
import org.audiomaepp.harness.exec.JobRunner;
import org.audiomaepp.harness.jobs.JobStop;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.stages.BuiltinStages;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.models.train.Devices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code harness job STAGE/KEY}: runs one job of the store in this JVM, from its {@code job.json}
 * alone. The executors start one of these per job.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = {
            "Run one job of the store in this JVM, from its job.json (the executors start one per job).",
            "The job's outputs appear under STORE/STAGE/KEY/out and its provenance in STORE/STAGE/KEY/DONE.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the job is done (now or before)",
            "1:the job failed (STORE/STAGE/KEY/FAILED says why)",
            "2:bad input (no such job in the store)",
            "3:another process is running the job; nothing was run",
            "75:the job failed in a way a retry may fix",
        })
final class JobCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STAGE/KEY", description = "the job to run, e.g. probe/3f2a... (64 hex digits)")
    String id;

    @Mixin
    StoreOption store;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--threads", description = "CPU threads the job may use (default: all cores)")
    Integer threads;

    @Option(names = "--attempt", defaultValue = "1", hidden = true, description = "which try of the executor this is")
    int attempt;

    @Option(names = "--exit-with-parent", hidden = true,
            description = "stop at once if the process that started this one dies")
    boolean exitWithParent;

    @Override
    public Integer call() {
        // SIGTERM (harness run stopping) or the parent's end stops the job between two steps, not
        // inside the engine, which could crash on its way out.
        JobStop.install();
        if (exitWithParent) {
            // A run killed with SIGKILL cannot stop its children; they stop themselves instead, so
            // that no job goes on unseen. Exiting leaves no DONE, and the OS releases the lock.
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(143)));
        }
        Devices.parse(device);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (System.getProperty(JobRunner.ENGINE_THREADS) == null) {
            System.setProperty(JobRunner.ENGINE_THREADS, Integer.toString(n));
        }
        Store s = store.open();
        s.requireWritable();
        JobRunner runner = new JobRunner(s, StageRegistry.fromSystem(BuiltinStages::registry));
        try {
            JobRunner.Result result = runner.run(id, new JobRunner.Settings(device, n, attempt), System.out);
            System.out.flush();
            return result.exitCode;
        } finally {
            JobStop.finished();
        }
    }
}
