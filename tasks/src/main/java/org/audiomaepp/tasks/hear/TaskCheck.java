package org.audiomaepp.tasks.hear;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@link HearTaskReader#check} found out about a task directory.
 *
 * @param directory the directory checked
 * @param task      the task, or null when an error made it unreadable
 * @param problems  errors and warnings, in the order they were found
 * @param durations clip durations of the listed audio files whose header could be read, or null if none
 */
public record TaskCheck(Path directory, HearTask task, List<Problem> problems, Durations durations) {

    public TaskCheck {
        problems = List.copyOf(problems);
    }

    /** True if the task can be used: no problem is an error (warnings are allowed). */
    public boolean ok() {
        return problems.stream().noneMatch(Problem::isError);
    }

    /**
     * Shortest, longest and total clip duration over the listed files.
     *
     * @param files number of files measured
     */
    public record Durations(int files, double minSeconds, double maxSeconds, double totalSeconds) {}
}
