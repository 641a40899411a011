package org.audiomaepp.harness.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects the problems of one sweep file so that they are all reported together. */
final class Problems {

    private final Path file;
    private final Set<Problem> found = new LinkedHashSet<>();
    private final Set<String> invalidKeys = new HashSet<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(Pos pos, String message) {
        found.add(new Problem(file, pos.line(), pos.column(), message));
    }

    /**
     * Notes that a value of {@code key} was rejected, so that checks which would read the default
     * in its place stay quiet rather than report a consequence of the first problem.
     */
    void invalid(String key) {
        invalidKeys.add(key);
    }

    boolean isInvalid(String key) {
        return invalidKeys.contains(key);
    }

    boolean any() {
        return !found.isEmpty();
    }

    /** Stops here if anything was found: later stages would only report consequences. */
    void throwIfAny() {
        if (any()) {
            throw new SweepFileException(file, new ArrayList<>(found));
        }
    }

    List<Problem> list() {
        return List.copyOf(found);
    }
}
