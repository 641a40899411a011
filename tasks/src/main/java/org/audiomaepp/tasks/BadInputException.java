package org.audiomaepp.tasks;

/**
 * An error the user can fix: a missing or corrupt file, a malformed task directory, a wrong
 * argument. The message names the file and says what to do. The command line maps it to exit 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
