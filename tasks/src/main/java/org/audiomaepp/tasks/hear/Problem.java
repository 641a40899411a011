package org.audiomaepp.tasks.hear;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something wrong (or suspicious) in a task directory: which file, what, and how to fix it.
 *
 * @param severity an {@link Severity#ERROR} makes the task unusable; a {@link Severity#WARNING}
 *                 does not change what is scored but deserves a look
 * @param file     the file or directory concerned
 * @param message  what is wrong and what to do about it
 */
public record Problem(Severity severity, Path file, String message) {

    /** How bad a problem is. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    static Problem error(Path file, String message) {
        return new Problem(Severity.ERROR, file, message);
    }

    static Problem warning(Path file, String message) {
        return new Problem(Severity.WARNING, file, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return (isError() ? "error: " : "warning: ") + file + ": " + message;
    }
}
