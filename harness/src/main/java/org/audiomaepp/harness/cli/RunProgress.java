package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.JobState;
import org.audiomaepp.harness.store.Store;

/**
 * What {@code harness run} shows while its jobs run. The executor's log lines (job done, failed,
 * and a jobs count at least every {@code --progress-every} seconds) are always printed. On a
 * terminal a progress bar of jobs done out of all jobs, with rate and ETA, is drawn below them (on
 * standard error) and brought up to date from the store at every line; elsewhere (a log file, CI)
 * the executor's jobs count lines get the rate and ETA appended instead. Rate and ETA count only
 * the jobs done by this run, and the ETA assumes the jobs left take as long as those done so far.
 */
final class RunProgress implements Consumer<String>, AutoCloseable {

    /** Moves to the start of the line and clears it, so a log line replaces the bar it overwrites. */
    private static final String CLEAR_LINE = "\r\033[K";

    /** The executor's periodic jobs count line, {@code [hh:mm:ss] jobs: …}. */
    private static final Pattern COUNT_LINE = Pattern.compile("^\\[\\d+:\\d\\d:\\d\\d\\] jobs: ");

    private final PrintWriter out;
    private final Store store;
    private final List<JobSpec> jobs;
    private final ProgressBar bar;
    private final long doneBefore;
    private final long start = System.nanoTime();

    private RunProgress(PrintWriter out, Store store, List<JobSpec> jobs, ProgressBar bar, long doneBefore) {
        this.out = out;
        this.store = store;
        this.jobs = jobs;
        this.bar = bar;
        this.doneBefore = doneBefore;
    }

    /** A bar when this process has a terminal, plain lines otherwise. */
    static RunProgress start(PrintWriter out, Store store, List<JobSpec> jobs) {
        long doneBefore = jobs.stream().filter(j -> store.isDone(j.id())).count();
        if (System.console() == null) {
            return new RunProgress(out, store, jobs, null, doneBefore);
        }
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
        return new RunProgress(out, store, jobs, bar, doneBefore);
    }

    @Override
    public synchronized void accept(String line) {
        if (bar == null) {
            out.println(COUNT_LINE.matcher(line).find() ? line + rateAndEta() : line);
            out.flush();
            return;
        }
        out.println(CLEAR_LINE + line);
        out.flush();
        long[] n = doneAndFailed();
        bar.stepTo(n[0]);
        bar.setExtraMessage(n[1] == 0 ? "" : n[1] + " failed");
    }

    /** How many of the jobs are done and how many failed, as the store says now. */
    private long[] doneAndFailed() {
        long[] n = new long[2];
        for (JobSpec j : jobs) {
            JobState s = store.state(j.id());
            n[0] += s == JobState.DONE ? 1 : 0;
            n[1] += s == JobState.FAILED ? 1 : 0;
        }
        return n;
    }

    /** {@code ", 1.5 jobs/min, ETA 12 min"}, or nothing before this run has finished a job. */
    private String rateAndEta() {
        long[] n = doneAndFailed();
        long done = n[0];
        long failed = n[1];
        long now = done - doneBefore;
        double minutes = (System.nanoTime() - start) / 60e9;
        if (now <= 0 || minutes <= 0) {
            return "";
        }
        double perMinute = now / minutes;
        double etaMinutes = Math.max(0, jobs.size() - done - failed) / perMinute;
        String eta = etaMinutes < 1 ? String.format(Locale.ROOT, "%.0f s", etaMinutes * 60)
                : etaMinutes < 120 ? String.format(Locale.ROOT, "%.0f min", etaMinutes)
                : String.format(Locale.ROOT, "%.1f h", etaMinutes / 60);
        return String.format(Locale.ROOT, ", %.1f jobs/min, ETA %s", perMinute, eta);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
