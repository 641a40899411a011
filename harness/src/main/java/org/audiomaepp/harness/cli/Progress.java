package org.audiomaepp.harness.cli;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work for any command: a bar with rate and ETA on a terminal, plain periodic
 * lines ({@code task: 120/400 steps (30%), 2.5 steps/s, ETA 1m52s, loss 0.81}) otherwise, so logs
 * of batch jobs stay readable.
 */
public abstract class Progress implements AutoCloseable {

    /** Seconds between plain lines. */
    static final double LINE_INTERVAL_SECONDS = 10;

    /** Moves to {@code done} units, showing {@code extra} (e.g. the loss) beside the counts. */
    public abstract void update(long done, String extra);

    @Override
    public abstract void close();

    /**
     * Progress of {@code total} units of {@code unit} (e.g. "steps") on standard error: a bar when
     * a terminal is attached, plain lines otherwise. {@code start} units are already done (a resumed
     * run); rate and ETA count only what this process does.
     */
    public static Progress start(String task, String unit, long start, long total) {
        return System.console() != null ? bar(task, unit, start, total, System.err) : lines(task, unit, start, total, System.err);
    }

    /** A progress bar printing to {@code out}. */
    static Progress bar(String task, String unit, long start, long total, PrintStream out) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .startsFrom(start, Duration.ZERO)
                .build();
        return new Progress() {
            @Override
            public void update(long done, String extra) {
                bar.stepTo(done);
                bar.setExtraMessage(extra);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** Plain lines to {@code out}, at most one per {@link #LINE_INTERVAL_SECONDS} plus the last. */
    static Progress lines(String task, String unit, long start, long total, PrintStream out) {
        return new Lines(task, unit, start, total, out, System::nanoTime);
    }

    /** The plain-line form; the clock is injectable for tests. */
    static final class Lines extends Progress {
        private final String task;
        private final String unit;
        private final long start;
        private final long total;
        private final PrintStream out;
        private final java.util.function.LongSupplier clock;
        private final long startNanos;
        private long lastLineNanos;
        private long lastDone = -1;
        private String lastExtra = "";
        private boolean printedLast;

        Lines(String task, String unit, long start, long total, PrintStream out, java.util.function.LongSupplier clock) {
            this.task = task;
            this.unit = unit;
            this.start = start;
            this.total = total;
            this.out = out;
            this.clock = clock;
            this.startNanos = clock.getAsLong();
            this.lastLineNanos = startNanos;
        }

        @Override
        public void update(long done, String extra) {
            lastDone = done;
            lastExtra = extra;
            long now = clock.getAsLong();
            if (done >= total || (now - lastLineNanos) / 1e9 >= LINE_INTERVAL_SECONDS) {
                print(now);
            }
        }

        @Override
        public void close() {
            if (lastDone >= 0 && !printedLast) {
                print(clock.getAsLong());
            }
        }

        private void print(long now) {
            lastLineNanos = now;
            printedLast = lastDone >= total;
            double seconds = (now - startNanos) / 1e9;
            double rate = seconds > 0 ? (lastDone - start) / seconds : 0;
            StringBuilder line = new StringBuilder().append(task).append(": ").append(lastDone).append('/').append(total)
                    .append(' ').append(unit)
                    .append(String.format(" (%d%%)", total > 0 ? lastDone * 100 / total : 100));
            if (rate > 0) {
                line.append(String.format(", %.3g %s/s", rate, unit));
                if (lastDone < total) {
                    line.append(", ETA ").append(duration((long) ((total - lastDone) / rate)));
                }
            }
            if (!lastExtra.isEmpty()) {
                line.append(", ").append(lastExtra);
            }
            out.println(line);
            out.flush();
        }

        static String duration(long seconds) {
            if (seconds >= 3600) {
                return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
            }
            return seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
        }
    }
}
