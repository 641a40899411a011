package org.audiomaepp.tasks.audio;

/**
 * A decoded mono clip: samples nominally in [-1, 1] (float files are passed through unclipped)
 * at {@code sampleRate} samples per second.
 */
public record Audio(float[] samples, int sampleRate) {

    /** Duration in seconds. */
    public double durationSeconds() {
        return (double) samples.length / sampleRate;
    }
}
