package org.audiomaepp.harness.exec.slurm;

/** A Slurm command failed: the message says which command and what it printed. */
public final class SchedulerException extends Exception {
    private static final long serialVersionUID = 1L;

    public SchedulerException(String message) {
        super(message);
    }
}
