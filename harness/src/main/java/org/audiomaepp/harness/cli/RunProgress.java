package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.JobState;
import org.audiomaepp.harness.store.Store;

/**
 * What {@code harness run} shows while its jobs run. The executor's log lines (job done, failed,
 * and a jobs count at least every {@code --progress-every} seconds) are always printed; on a
 * terminal a progress bar of jobs done out of all jobs, with rate and ETA, is drawn below them
 * (on standard error) and brought up to date from the store at every line.
 */
final class RunProgress implements Consumer<String>, AutoCloseable {

    /** Moves to the start of the line and clears it, so a log line replaces the bar it overwrites. */
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter out;
    private final Store store;
    private final List<JobSpec> jobs;
    private final ProgressBar bar;

    private RunProgress(PrintWriter out, Store store, List<JobSpec> jobs, ProgressBar bar) {
        this.out = out;
        this.store = store;
        this.jobs = jobs;
        this.bar = bar;
    }

    /** A bar when this process has a terminal, plain lines otherwise. */
    static RunProgress start(PrintWriter out, Store store, List<JobSpec> jobs) {
        if (System.console() == null) {
            return new RunProgress(out, store, jobs, null);
        }
        long doneBefore = jobs.stream().filter(j -> store.isDone(j.id())).count();
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("jobs")
                .setInitialMax(jobs.size())
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" jobs", 1)
                .showSpeed(new DecimalFormat("0.0"))
                .setSpeedUnit(ChronoUnit.MINUTES)
                .setUpdateIntervalMillis(1000)
                // Jobs done before this run do not count towards the rate, so the ETA is about what is left.
                .startsFrom(doneBefore, Duration.ZERO)
                .build();
        return new RunProgress(out, store, jobs, bar);
    }

    @Override
    public synchronized void accept(String line) {
        out.println(bar == null ? line : CLEAR_LINE + line);
        out.flush();
        if (bar != null) {
            long done = 0;
            long failed = 0;
            for (JobSpec j : jobs) {
                JobState s = store.state(j.id());
                done += s == JobState.DONE ? 1 : 0;
                failed += s == JobState.FAILED ? 1 : 0;
            }
            bar.stepTo(done);
            bar.setExtraMessage(failed == 0 ? "" : failed + " failed");
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
