package org.audiomaepp.harness;

/**
 * An error in what the user gave the harness (a sweep file, a store path, an option). The message
 * names the file and the fix. The command line maps it to exit 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
