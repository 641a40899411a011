package org.audiomaepp.tasks.audio;

/**
 * What an audio file's header says, read without decoding the samples: enough to know a clip's
 * duration and whether it needs resampling.
 *
 * @param sampleRate samples per second per channel
 * @param channels number of interleaved channels
 * @param frames samples per channel (one frame holds one sample of every channel)
 * @param encoding container and sample format, e.g. {@code wav:pcm_s16le}, {@code wav:pcm_f32le},
 *     {@code flac:s24}; a label for reports and error messages, not meant to be parsed
 */
public record AudioInfo(int sampleRate, int channels, long frames, String encoding) {

    /** Duration in seconds: {@code frames / sampleRate}. */
    public double durationSeconds() {
        return (double) frames / sampleRate;
    }
}
