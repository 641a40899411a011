package org.audiomaepp.harness.sweep;

import java.nio.file.Path;

/**
 * One thing wrong with a sweep file, at a place in it (1-based line and column). The message says
 * what is wrong and how to fix it.
 */
public record Problem(Path file, int line, int column, String message) {

    /** {@code file:line:column: message}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
