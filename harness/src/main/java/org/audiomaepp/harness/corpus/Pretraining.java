package org.audiomaepp.harness.corpus;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.train.Devices;
import org.audiomaepp.models.train.PretrainConfig;
import org.audiomaepp.models.train.Pretrainer;
import org.audiomaepp.models.train.TrainListener;
import org.audiomaepp.models.train.TrainableModel;

/**
 * The one pretraining flow, for the {@code pretrain} stage and {@code harness pretrain} alike: the
 * recipe from the run's settings and the corpus size ({@link PretrainConfig#fromSettings}), then a
 * masked autoencoder initialized from the run seed, trained on the corpus's feature shards,
 * resuming from a checkpoint in the run directory if there is one. The command line first lists
 * the audio files and builds (or reuses) their shards ({@link #fromAudio}); the stage gets the
 * shards from its parent features job ({@link #train}). The result's final directory holds
 * {@link TrainableModel#MODEL_FILE}, loadable by {@link MaskedAutoencoder#load}.
 */
public final class Pretraining {

    private Pretraining() {}

    /**
     * A run about to be trained: the network, the recipe resolved for the corpus, and the corpus.
     *
     * @param stepsPerEpoch optimizer steps per epoch on this corpus
     */
    public record Plan(ModelConfig model, PretrainConfig recipe, ShardCorpus corpus, long stepsPerEpoch) {}

    /** The plan of a run on {@code corpus}; {@code settings}' device must be resolved. */
    public static Plan plan(ModelConfig model, Map<String, ?> settings, ShardCorpus corpus) {
        PretrainConfig recipe = PretrainConfig.fromSettings(settings, corpus.clipCount());
        return new Plan(model, recipe, corpus, corpus.clipCount() / recipe.batchSize());
    }

    /** Trains (or resumes, or finds complete) a planned run in {@code out} ({@link Pretrainer}). */
    public static Pretrainer.Result train(Plan plan, Path out, TrainListener listener) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(Devices.available(plan.recipe().device()));
                MaskedAutoencoder mae = MaskedAutoencoder.create(plan.model(), manager, plan.recipe().seed())) {
            return new Pretrainer(plan.recipe(), plan.model().toMap(), out)
                    .run(TrainableModel.of(mae), manager, plan.corpus(), listener);
        }
    }

    /**
     * Runs (or resumes, or finds complete) one pretraining run from audio files.
     *
     * @param corpus directory of audio files or a list file ({@link CorpusFiles})
     * @param featuresDir where the corpus's shards are or will be cached
     * @param featureThreads files featurized at once
     * @param settings the recipe's settings, device resolved
     * @param out the run directory ({@link Pretrainer})
     */
    public static Pretrainer.Result fromAudio(Path corpus, Path featuresDir, int featureThreads, ModelConfig model,
            Map<String, ?> settings, Path out, Consumer<FeatureShards.Progress> featureProgress, TrainListener listener)
            throws IOException {
        CorpusFiles files = CorpusFiles.of(corpus);
        int batch = PretrainConfig.fromSettings(settings, files.files().size()).batchSize();
        if (files.files().size() < batch) {
            throw new BadInputException(corpus + " holds " + files.files().size() + " audio files, fewer than one batch of "
                    + batch + ": lower the batch size (e.g. --batch-size " + files.files().size() + ")");
        }
        Device device = Devices.available(String.valueOf(settings.get("device")));
        FeatureShards.build(files, featuresDir, LogMelFeaturizer.ID, new LogMelFeaturizer(device),
                FeatureShards.DEFAULT_SHARD_FRAMES, featureThreads, featureProgress);
        return train(plan(model, settings, ShardCorpus.open(featuresDir)), out, listener);
    }
}
