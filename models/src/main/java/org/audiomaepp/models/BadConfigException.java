package org.audiomaepp.models;

/**
 * A model, recipe or embedding configuration the user wrote that cannot be built (an unknown
 * preset, a width that heads do not divide, a corrupt checkpoint). The command line maps it to
 * exit 2.
 */
public class BadConfigException extends RuntimeException {
    public BadConfigException(String message) {
        super(message);
    }

    public BadConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
