package org.audiomaepp.harness.exec;

import org.audiomaepp.harness.jobs.JobSpec;

/** Runs one job on one slot and waits for it: in a child JVM, or in this JVM for tests. */
public interface JobLauncher {

    /** Runs the job (already created in the store) and reports how it ended. */
    Outcome launch(JobSpec job, Slot slot, int attempt) throws InterruptedException;

    /** Stops every job this launcher is running (Ctrl-C): ask, wait a little, then force. */
    void stopAll();
}
