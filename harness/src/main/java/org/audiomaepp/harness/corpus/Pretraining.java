package org.audiomaepp.harness.corpus;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.jobs.JobPrecision;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.train.Devices;
import org.audiomaepp.models.train.PretrainConfig;
import org.audiomaepp.models.train.Pretrainer;
import org.audiomaepp.models.train.TrainListener;
import org.audiomaepp.models.train.TrainableModel;

/**
 * One pretraining run from audio files to final weights, for the command line and the job
 * runner alike: list the corpus, build (or reuse) its feature shards on the recipe's device,
 * then train a masked autoencoder initialized from the run seed, resuming from a checkpoint in
 * {@code out} if any.
 * The result's final directory holds {@link TrainableModel#MODEL_FILE}, loadable by
 * {@link MaskedAutoencoder#load}.
 */
public final class Pretraining {

    private Pretraining() {}

    /**
     * Runs (or resumes, or finds complete) one pretraining run.
     *
     * @param corpus directory of audio files or a list file ({@link CorpusFiles})
     * @param featuresDir where the corpus's shards are or will be cached
     * @param featureThreads files featurized at once
     * @param out the run directory ({@link Pretrainer})
     */
    public static Pretrainer.Result run(Path corpus, Path featuresDir, int featureThreads, ModelConfig model,
            PretrainConfig recipe, Path out, Consumer<FeatureShards.Progress> featureProgress, TrainListener listener)
            throws IOException {
        Device device = Devices.available(recipe.device());
        JobPrecision.requireActive(recipe.precision(), "pretraining");
        CorpusFiles files = CorpusFiles.of(corpus);
        if (files.files().size() < recipe.batchSize()) {
            throw new BadInputException(corpus + " holds " + files.files().size() + " audio files, fewer than one batch of "
                    + recipe.batchSize() + ": lower the batch size (e.g. --batch-size " + files.files().size() + ")");
        }
        FeatureShards.build(files, featuresDir, LogMelFeaturizer.ID, new LogMelFeaturizer(device),
                FeatureShards.DEFAULT_SHARD_FRAMES, featureThreads, featureProgress);
        ShardCorpus shards = ShardCorpus.open(featuresDir);
        try (NDManager manager = NDManager.newBaseManager(device);
                MaskedAutoencoder mae = MaskedAutoencoder.create(model, manager, recipe.seed())) {
            return new Pretrainer(recipe, model.toMap(), out).run(TrainableModel.of(mae), manager, shards, listener);
        }
    }
}
