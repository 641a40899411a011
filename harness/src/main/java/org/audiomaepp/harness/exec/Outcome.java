package org.audiomaepp.harness.exec;

/**
 * How one launch of a job ended, as the executor sees it.
 *
 * @param kind    what happened
 * @param message the failure message (empty when done)
 */
public record Outcome(Kind kind, String message) {

    /** What happened to a launched job. */
    public enum Kind {
        /** The job ran and is done. */
        DONE,
        /** The job was found done (another process finished it first); nothing ran. */
        ALREADY_DONE,
        /** It failed for good. */
        FAILED,
        /** It failed in a way a retry may fix. */
        TRANSIENT,
        /** Another process runs it; wait for that one. */
        BUSY
    }

    static Outcome done() {
        return new Outcome(Kind.DONE, "");
    }
}
