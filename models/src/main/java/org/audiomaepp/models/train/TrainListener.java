package org.audiomaepp.models.train;

/**
 * Receives training progress (for progress bars and logs). An exception thrown from it stops the
 * run after the step's log row and any due checkpoint have been written.
 */
public interface TrainListener {

    /** Called once before the first step of this session; {@code firstStep > 0} on a resume. */
    default void onStart(long firstStep, long totalSteps) {}

    /** Called after every optimizer step. */
    void onStep(StepReport report);

    /** A listener that ignores everything. */
    static TrainListener none() {
        return r -> {};
    }
}
