package org.audiomaepp.harness.jobs;

/**
 * A job failure that may not happen again on a second try. The executor retries the job a bounded
 * number of times ({@code --retries}); any other exception fails the job at once.
 */
public class TransientJobException extends Exception {
    public TransientJobException(String message) {
        super(message);
    }

    public TransientJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
