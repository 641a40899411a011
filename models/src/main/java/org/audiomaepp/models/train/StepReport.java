package org.audiomaepp.models.train;

/**
 * What one optimizer step did.
 *
 * @param step steps completed, counting this one (1-based)
 * @param totalSteps steps of the whole run
 * @param epoch fractional epoch at which this step's learning rate was set
 * @param loss mean loss over the step's effective batch
 * @param lr learning rate of this step
 * @param clipsPerSecond clips of this step per second of its wall time
 * @param wallSeconds training wall time since the run began, over all sessions
 */
public record StepReport(long step, long totalSteps, double epoch, float loss, double lr, double clipsPerSecond, double wallSeconds) {}
