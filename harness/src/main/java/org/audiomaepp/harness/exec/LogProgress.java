package org.audiomaepp.harness.exec;

import java.io.PrintStream;
import java.util.Locale;
import org.audiomaepp.harness.jobs.JobStop;
import org.audiomaepp.harness.jobs.Progress;

/**
 * Progress as plain log lines: one at least every ten percent and at most one every
 * {@code minSeconds}, with rate and ETA, and a final line on close. A step is also where a job stops
 * when its JVM is asked to end ({@link JobStop}).
 */
final class LogProgress implements Progress {
    private final PrintStream out;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private final double minSeconds;
    private long done;
    private long lastPrint = start;
    private long lastDecile;

    LogProgress(PrintStream out, String what, long total, double minSeconds) {
        this.out = out;
        this.what = what;
        this.total = total;
        this.minSeconds = minSeconds;
    }

    @Override
    public synchronized void stepBy(long n) {
        JobStop.check();
        done += n;
        long now = System.nanoTime();
        long decile = total > 0 ? done * 10 / total : 0;
        if (decile > lastDecile || (now - lastPrint) / 1e9 >= minSeconds) {
            lastDecile = decile;
            lastPrint = now;
            print(now);
        }
    }

    @Override
    public synchronized void close() {
        print(System.nanoTime());
    }

    private void print(long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / secs;
        String eta = total > done && rate > 0 ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
        out.printf(Locale.ROOT, "[progress] %s %d/%d (%.0f%%) %.2f/s, %.0f s%s%n",
                what, done, total, total > 0 ? 100.0 * done / total : 0.0, rate, secs, eta);
        out.flush();
    }
}
