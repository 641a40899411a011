package org.audiomaepp.models.train;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-step log {@code train_log.csv}: one row per optimizer step with columns {@link #HEADER}.
 * Reopening for a resumed run drops the rows after the checkpoint's step first, so every step
 * appears once, as the run that produced the final weights computed it.
 */
public final class TrainLog implements Closeable {

    /** The header row. {@code wall_s} is training wall time since the run began, over all sessions. */
    public static final String HEADER = "step,epoch,loss,lr,clips_per_s,wall_s";

    private final BufferedWriter out;

    private TrainLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens {@code file} for appending after keeping only its rows with step ≤ {@code keepThroughStep}. */
    public static TrainLog open(Path file, long keepThroughStep) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                int comma = line.indexOf(',');
                if (comma > 0 && parseStep(line.substring(0, comma)) <= keepThroughStep) {
                    kept.add(line);
                }
            }
        }
        org.audiomaepp.core.FileTrees.writeAtomically(file, String.join("\n", kept) + "\n");
        return new TrainLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /** Appends one step's row and flushes it. */
    public void append(StepReport r) throws IOException {
        out.write(r.step() + "," + r.epoch() + "," + r.loss() + "," + r.lr() + ","
                + (float) r.clipsPerSecond() + "," + (float) r.wallSeconds());
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static long parseStep(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
