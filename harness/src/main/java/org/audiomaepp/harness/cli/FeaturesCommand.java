package org.audiomaepp.harness.cli;

import ai.djl.ndarray.NDManager;
import org.audiomaepp.models.train.Devices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.tasks.audio.AudioInfo;
import org.audiomaepp.tasks.audio.AudioReader;
import org.audiomaepp.tasks.audio.LogMel;
import org.audiomaepp.tasks.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code harness features}: the model's input features for one audio file, for inspection or external use. */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the log-mel spectrogram the models see for one WAV or FLAC file, as a float32 .npy "
                    + "array [frames, 80] (frames = 1 + samples/160 at 16 kHz, 10 ms apart).",
            "Audio is averaged to mono and resampled to 16 kHz; features are torchaudio's MelSpectrogram "
                    + "(n_fft 400, hop 160, 80 HTK mel bins 50-8000 Hz, power 2) then ln(x + 1.1920929e-07), "
                    + "normalised per clip to mean 0 and standard deviation 1 unless --raw is given.",
        })
final class FeaturesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "WAV (PCM 8-32 bit or float) or FLAC file, any sample rate")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "OUT.npy", description = "where to write the features")
    Path output;

    @Option(names = "--raw", description = "write the log-mel spectrogram before per-clip normalisation")
    boolean raw;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu, gpu or gpu:N: where the spectrogram is computed (default: ${DEFAULT-VALUE})")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AudioInfo info = AudioReader.info(input);
        float[] clip = AudioReader.readMono16k(input);
        if (clip.length < LogMel.MIN_SAMPLES) {
            throw new BadInputException(input + ": is " + clip.length + " samples long at 16 kHz; features need at least "
                    + LogMel.MIN_SAMPLES + " (about 13 ms)");
        }
        float[][] features;
        try (NDManager manager = NDManager.newBaseManager(Devices.available(device))) {
            features = LogMel.logMel(manager, clip);
        }
        if (!raw) {
            features = LogMel.normalize(features);
        }
        try {
            Npy.write(output, features);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + output + " (" + e + "); choose a writable --out path", e);
        }
        spec.commandLine().getOut().printf("%s: [%d, %d] float32, %s log-mel of %s (%.2f s, %d Hz, %d channel(s), %s)%n",
                output, features.length, LogMel.N_MELS, raw ? "raw" : "normalised", input,
                info.durationSeconds(), info.sampleRate(), info.channels(), info.encoding());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
