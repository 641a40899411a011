package org.audiomaepp.models.train;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.nn.NamedParameter;

/**
 * What the trainer needs from a network: its parameters and a differentiable loss on a batch of
 * spectrogram crops.
 */
public interface TrainableModel {

    /** Every trained parameter, in a fixed order, with unique names (checkpoints match by name). */
    List<NamedParameter> parameters();

    /**
     * The scalar training loss of {@code batch} ({@code [B, 1, 200, 80]}, normalized log-mel),
     * with masks drawn from {@code maskSeed}. The result and every intermediate must belong to
     * {@code batch}'s manager (the step's scope), never to the model's.
     */
    NDArray loss(NDArray batch, long maskSeed);

    /**
     * Writes what later stages load from a finished run into the final checkpoint directory
     * {@code dir}; nothing by default.
     */
    default void exportFinal(Path dir) {}

    /** File in a final checkpoint holding a {@link MaskedAutoencoder} loadable by {@link MaskedAutoencoder#load}. */
    String MODEL_FILE = "model.bin";

    /**
     * The masked autoencoder as a trainable model; its final checkpoint also holds
     * {@link #MODEL_FILE}, the weights with their config for the embedding stage.
     */
    static TrainableModel of(MaskedAutoencoder mae) {
        if (mae.config().inputFrames() != Crops.FRAMES || mae.config().melBins() != SpectrogramCorpus.MEL_BINS) {
            throw new BadConfigException("pretraining crops are " + Crops.FRAMES + " frames × " + SpectrogramCorpus.MEL_BINS
                    + " mel bins, but the model takes input_frames " + mae.config().inputFrames() + " × mel_bins "
                    + mae.config().melBins() + ": remove those overrides");
        }
        return new TrainableModel() {
            @Override
            public List<NamedParameter> parameters() {
                return mae.parameters();
            }

            @Override
            public NDArray loss(NDArray batch, long maskSeed) {
                return mae.loss(batch, maskSeed);
            }

            @Override
            public void exportFinal(Path dir) {
                mae.save(dir.resolve(MODEL_FILE));
            }
        };
    }
}
