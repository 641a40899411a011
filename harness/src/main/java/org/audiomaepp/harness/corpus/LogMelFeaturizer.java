package org.audiomaepp.harness.corpus;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.function.Function;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.tasks.audio.AudioReader;
import org.audiomaepp.tasks.audio.LogMel;

/**
 * The pretraining features of one audio file (docs/model.md §1): mono, 16 kHz, log-mel, then
 * per-clip normalization.
 */
public final class LogMelFeaturizer implements Function<Path, float[][]> {

    /** Where the spectrograms are computed; null is the engine's default device. */
    private final Device device;

    /** A featurizer on the engine's default device. */
    public LogMelFeaturizer() {
        this(null);
    }

    /** A featurizer computing on {@code device} (a GPU job's features are computed on its GPU). */
    public LogMelFeaturizer(Device device) {
        this.device = device;
    }

    /**
     * Names the feature definition in a features directory's manifest; change it whenever the
     * features a file gives change, so that stale caches are refused.
     */
    public static final String ID = "logmel-v1:mono16k,n_fft400,hop160,mel80,50-8000Hz,htk,ln(x+1.1920929e-07),per-clip-norm";

    @Override
    public float[][] apply(Path file) {
        float[] clip = AudioReader.readMono16k(file);
        if (clip.length < LogMel.MIN_SAMPLES) {
            throw new BadInputException(file + ": is " + clip.length + " samples long at 16 kHz, shorter than the "
                    + LogMel.MIN_SAMPLES + " a log-mel frame needs; remove it from the corpus");
        }
        try (NDManager manager = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device)) {
            return LogMel.normalize(LogMel.logMel(manager, clip));
        }
    }
}
