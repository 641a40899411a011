package org.audiomaepp.harness.sweep;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.audiomaepp.harness.BadInputException;

/**
 * A sweep file that cannot be run, with every problem found in it (not just the first), each
 * naming file, line, column and a fix. Thrown before any job starts.
 */
public final class SweepFileException extends BadInputException {

    private final transient List<Problem> problems;

    SweepFileException(Path file, List<Problem> problems) {
        super(describe(file, sorted(problems)));
        this.problems = sorted(problems);
    }

    /** The problems in file order. */
    public List<Problem> problems() {
        return problems;
    }

    private static List<Problem> sorted(List<Problem> problems) {
        return problems.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .toList();
    }

    private static String describe(Path file, List<Problem> sorted) {
        if (sorted.size() == 1) {
            return sorted.get(0).toString();
        }
        StringBuilder sb = new StringBuilder()
                .append(file).append(" has ").append(sorted.size()).append(" problems:");
        for (Problem p : sorted) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }
}
