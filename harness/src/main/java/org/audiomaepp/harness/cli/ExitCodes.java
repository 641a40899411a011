package org.audiomaepp.harness.cli;

/** The command line's exit codes. */
public final class ExitCodes {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** A job or a check failed. */
    public static final int FAILED = 1;
    /** Bad usage or bad input: nothing was run. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}
}
