package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.exec.ChildJvmLauncher;
import org.audiomaepp.harness.exec.InProcessLauncher;
import org.audiomaepp.harness.exec.JobLauncher;
import org.audiomaepp.harness.exec.LocalExecutor;
import org.audiomaepp.harness.exec.Slot;
import org.audiomaepp.harness.exec.slurm.SbatchScript;
import org.audiomaepp.harness.exec.slurm.SchedulerException;
import org.audiomaepp.harness.exec.slurm.SlurmCommands;
import org.audiomaepp.harness.exec.slurm.SlurmExecutor;
import org.audiomaepp.harness.exec.slurm.SlurmSettings;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.stages.BuiltinStages;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.sweep.Manifest;
import org.audiomaepp.harness.sweep.Sweep;
import org.audiomaepp.harness.sweep.SweepLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code harness run SWEEP.yaml}: expands the sweep, skips the jobs that are done, runs the rest on
 * this machine (one JVM per job) or on a Slurm cluster ({@code --executor slurm}: a batch job per
 * job, see {@link SlurmExecutor}), then hands over to the report step, which writes the sweep's
 * scores, provenance and report beside the manifest ({@code results/sweeps/<name>/}), also when
 * some jobs failed. A progress bar is drawn when the process has a terminal (see {@link RunProgress}).
 * Before planning, the {@link DataStep} may create data the sweep asks for (synthetic tasks).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {"Run a sweep: expand it into jobs, skip the ones already done in the store, run the rest"
                + " (each in its own JVM, up to --jobs at once, or one per GPU with --gpus), then collect the scores"
                + " and write the report into DIR/../sweeps/<name>/ (report.html, summary.csv, scores.csv, runs.json),"
                + " also when some jobs failed (their cells are marked)."
                + " A failed job skips the jobs that need it; everything else goes on. Re-running resumes.",
            "",
            "With --executor slurm each job is an sbatch job (script and slurm.json in its store directory, output in"
                + " its log there), chained with --dependency=afterok; jobs done or already queued are not submitted"
                + " again. Resources come from the sweep file's slurm: section (per stage: slurm.pretrain.gpus, ...)"
                + " and the options below. --detach submits and returns; 'harness status' then shows the Slurm"
                + " states. Ctrl-C while waiting asks whether to scancel the queued jobs (--cancel-on-exit: without"
                + " asking; not on a terminal: says how).",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every job of the sweep is done",
            "1:some jobs failed or were skipped (listed at the end; 'harness status' shows them again)",
            "2:bad input: the sweep file, its data or an option, or sbatch rejected a script (nothing was run)",
        })
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP.yaml", description = "the sweep file")
    Path sweepFile;

    @Mixin
    StoreOption store;

    @Option(names = "--executor", defaultValue = "local", paramLabel = "local|slurm",
            description = "where jobs run: local = on this machine, a JVM per job; slurm = an sbatch job per job,"
                    + " chained with afterok, the store on a file system the nodes share (default: ${DEFAULT-VALUE})")
    String executor;

    @ArgGroup(validate = false, heading = "%nWith --executor slurm (each option overrides the sweep file's slurm: section;"
            + " see README.md, Running on Slurm):%n")
    SlurmOptions slurm = new SlurmOptions();

    @Option(names = "--jobs", paramLabel = "N",
            description = "jobs at once on CPU; the cores are shared among them (default: the number of cores, at most "
                    + DEFAULT_MAX_JOBS + ")")
    Integer jobs;

    /**
     * Most CPU jobs run at once by default. Small jobs (the probes and embeddings of a CI sweep)
     * gain more from running side by side on one thread each than from sharing threads: the
     * engine's thread pool waits on its slowest thread, which on a busy machine is often descheduled.
     */
    static final int DEFAULT_MAX_JOBS = 4;

    @Option(names = "--gpus", paramLabel = "ID", split = ",",
            description = "GPU ids to use, e.g. 0,1: one job per GPU at a time, each seeing only its GPU"
                    + " (the number of GPUs then sets how many jobs run at once)")
    List<String> gpus;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "2",
            description = "extra tries for a job that failed transiently (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--dry-run", description = "print the plan and run nothing")
    boolean dryRun;

    @Option(names = "--jvm-option", paramLabel = "OPT",
            description = "an extra option for each job's JVM, e.g. --jvm-option=-Xmx8g (repeatable)")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--force",
            description = "run even if another sweep file with the same name: wrote results/sweeps/NAME/ (this one then takes it over)")
    boolean force;

    @Option(names = "--in-process", hidden = true,
            description = "run jobs one at a time on a thread of this JVM (debugging; engine settings are then shared)")
    boolean inProcess;

    @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "30",
            description = "seconds between progress lines while nothing else happens (default: ${DEFAULT-VALUE})")
    long progressEvery;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final DataStep data = DataStep.builtin();
    private final ReportStep report = ReportStep.builtin();

    @Override
    public Integer call() throws Exception {
        if (!executor.equals("local") && !executor.equals("slurm")) {
            throw new BadInputException("--executor " + executor + " is not an executor; use --executor local or"
                    + " --executor slurm");
        }
        boolean onSlurm = executor.equals("slurm");
        if (!onSlurm && !slurm.given().isEmpty()) {
            throw new BadInputException(String.join(", ", slurm.given()) + ": only with --executor slurm");
        }
        if (onSlurm && (jobs != null || (gpus != null && !gpus.isEmpty()) || inProcess)) {
            throw new BadInputException("--jobs and --gpus are for --executor local; on Slurm every job is its own"
                    + " allocation: give --gpus-per-job / --cpus-per-job or slurm: {gpus: N, cpus: N} in the sweep file");
        }
        if (inProcess && jobs != null && jobs > 1) {
            throw new BadInputException("--in-process runs jobs on threads of this JVM, where the engine records"
                    + " gradients for one job at a time: use --jobs 1, or drop --in-process");
        }
        if (inProcess) {
            jobs = 1;
        }
        Map<String, Object> slurmOverrides = onSlurm ? slurm.overrides() : Map.of();
        if (onSlurm && !dryRun && !SlurmCommands.installed()) {
            throw new BadInputException("--executor slurm needs Slurm's sbatch on the PATH, and it is not there;"
                    + " run where Slurm's client commands are installed (a login node), or use --executor local");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int jobs = this.jobs != null ? this.jobs : Math.min(cores, DEFAULT_MAX_JOBS);
        if (jobs < 1 || retries < 0) {
            throw new BadInputException("--jobs must be at least 1 and --retries at least 0");
        }
        if (gpus != null && !gpus.isEmpty() && !dryRun) {
            Slot.checkGpus(gpus, ai.djl.engine.Engine.getInstance().getGpuCount());
        }
        PrintWriter out = spec.commandLine().getOut();
        StageRegistry registry = StageRegistry.fromSystem(BuiltinStages::registry);
        Sweep sweep = SweepLoader.load(sweepFile, System.getenv());
        Store s = store.open();
        if (!dryRun) {
            s.requireWritable();
            Store.requireWritable(SweepJobs.resultsDirOf(s), "results directory");
            Manifest.requireOwnedBy(SweepJobs.resultsDirOf(s), sweep, force);
            data.prepare(sweep, out);
        }
        SweepJobs sj = SweepJobs.expand(sweep, registry);
        sj.checkTasks();
        if (dryRun) {
            sj.print(out, j -> s.isDone(j.id()) ? "done" : "pending");
            return ExitCodes.OK;
        }
        sj.requireData();
        Path manifest = sj.writeManifest(SweepJobs.resultsDirOf(s));
        out.println("sweep " + sj.sweep.name() + ": " + sj.sweep.runs().size() + " runs, " + sj.graph.jobs().size()
                + " jobs; store " + s.root() + "; manifest " + manifest);
        out.flush();

        if (onSlurm) {
            return runOnSlurm(sj, s, slurmOverrides, out);
        }
        List<Slot> slots = gpus == null || gpus.isEmpty() ? Slot.cpu(jobs, cores) : Slot.gpus(gpus, cores);
        JobLauncher launcher = inProcess ? new InProcessLauncher(s, registry) : new ChildJvmLauncher(s, jvmOptions);
        RunProgress progress = RunProgress.start(out, s, sj.graph.jobs());
        LocalExecutor ex = new LocalExecutor(s, launcher, slots, retries, progress,
                Duration.ofSeconds(Math.max(1, progressEvery)));

        // Ctrl-C or SIGTERM: stop the children, then let this method print its last lines before
        // the JVM ends (it ends when the hook returns).
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            ex.stop(Duration.ofSeconds(60));
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "harness-run-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        LocalExecutor.Summary summary;
        try {
            summary = ex.execute(sj.graph.jobs());
            if (summary.stopped()) {
                out.println("stopped: jobs that did not finish have no DONE and run again next time");
                out.flush();
                return ExitCodes.FAILED;
            }
        } finally {
            progress.close();
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            return ExitCodes.FAILED;
        }
        report.afterRun(sj, summary, s, out);
        return finish(summary, s, out);
    }

    private int runOnSlurm(SweepJobs sj, Store s, Map<String, Object> overrides, PrintWriter out) throws Exception {
        // The same for every run (the sweep loader refuses slurm keys that vary).
        Map<String, ?> section = sj.sweep.runs().get(0).value("slurm").map(RunCommand::castMap).orElse(Map.of());
        SlurmSettings settings = SlurmSettings.of(section, overrides);
        SbatchScript scripts = new SbatchScript(s, jvmOptions, retries, Path.of("").toAbsolutePath());
        RunProgress progress = RunProgress.start(out, s, sj.graph.jobs());
        SlurmExecutor ex = new SlurmExecutor(s, new SlurmCommands(), scripts, settings, progress,
                Duration.ofSeconds(Math.max(1, slurm.pollSeconds)), Duration.ofSeconds(Math.max(1, progressEvery)));

        // Ctrl-C or SIGTERM: stop waiting, let this method print its last lines, then deal with the
        // jobs still in Slurm's queue (cancel them, or say how) before the JVM ends.
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            ex.stop(Duration.ofSeconds(30));
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            onExit(ex, out);
        }, "harness-run-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        LocalExecutor.Summary summary = null;
        boolean shuttingDown;
        try {
            ex.submit(sj.graph.jobs());
            if (!slurm.detach) {
                summary = ex.await();
            }
            if (ex.stopped()) {
                out.println("stopped waiting: jobs that did not finish have no DONE; running the sweep again picks them up");
                out.flush();
                return ExitCodes.FAILED;
            }
        } finally {
            progress.close();
            finished.countDown();
            shuttingDown = !removeHook(stopper);
        }
        if (shuttingDown) {
            return ExitCodes.FAILED;
        }
        if (slurm.detach) {
            detached(sj, s, ex.queued(), out);
            return ExitCodes.OK;
        }
        report.afterRun(sj, summary, s, out);
        return finish(summary, s, out);
    }

    /** Removes the stop hook; false if the JVM is already shutting down (the hook runs). */
    private static boolean removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
    }

    /** What {@code --detach} prints after submitting. */
    private void detached(SweepJobs sj, Store s, Map<String, String> queued, PrintWriter out) {
        long done = sj.graph.jobs().stream().filter(j -> s.isDone(j.id())).count();
        out.printf("detached: %d jobs queued in Slurm, %d done before; they run without this process%n", queued.size(), done);
        out.println("  harness status " + sweepFile + " --store " + s.root() + "     shows where they are");
        out.println("  harness run " + sweepFile + " --store " + s.root() + " --executor slurm"
                + "     waits for them (submitting nothing twice) and writes the report");
        if (!queued.isEmpty()) {
            out.println("  scancel " + String.join(" ", queued.values()) + "     cancels them");
        }
        out.flush();
    }

    /** After Ctrl-C: cancel what is still queued (--cancel-on-exit, or if the user says so), or say how to. */
    private void onExit(SlurmExecutor ex, PrintWriter out) {
        Map<String, String> queued = ex.queued();
        if (queued.isEmpty()) {
            return;
        }
        String ids = String.join(" ", queued.values());
        boolean cancel = slurm.cancelOnExit;
        java.io.Console console = System.console();
        if (!cancel && console != null) {
            out.printf("%d Slurm jobs of this sweep are still queued or running (%s).%n", queued.size(), ids);
            out.flush();
            String answer = console.readLine("Cancel them? [y/N] ");
            cancel = answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
        }
        if (cancel) {
            try {
                ex.cancelQueued();
                out.println("cancelled Slurm jobs " + ids + "; they are not done and run again next time");
            } catch (SchedulerException e) {
                out.println("could not cancel them: " + e.getMessage() + "; cancel them with: scancel " + ids);
            }
        } else {
            out.println(queued.size() + " Slurm jobs are still queued or running (" + ids + "); they go on without this"
                    + " process and write into the store. 'harness status " + sweepFile + "' shows them; running the"
                    + " sweep again waits for them; cancel them with: scancel " + ids);
        }
        out.flush();
    }

    private static int finish(LocalExecutor.Summary summary, Store s, PrintWriter out) {
        int done = summary.with(LocalExecutor.Status.DONE).size();
        int cached = summary.with(LocalExecutor.Status.CACHED).size();
        List<String> failed = summary.with(LocalExecutor.Status.FAILED);
        List<String> skipped = summary.with(LocalExecutor.Status.SKIPPED);
        out.printf("finished: %d run now, %d done before, %d failed, %d skipped%n", done, cached, failed.size(), skipped.size());
        for (String id : failed) {
            out.println("  failed  " + id + ": " + summary.messages().get(id) + " (log: " + s.logFile(id) + ")");
        }
        for (String id : skipped) {
            out.println("  skipped " + id + ": " + summary.messages().get(id));
        }
        out.flush();
        return summary.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
