package org.audiomaepp.harness.stages;

import java.nio.file.Path;
import org.audiomaepp.harness.corpus.CorpusFiles;
import org.audiomaepp.harness.corpus.FeatureShards;
import org.audiomaepp.harness.corpus.LogMelFeaturizer;
import org.audiomaepp.harness.jobs.JobContext;
import org.audiomaepp.harness.jobs.Progress;
import org.audiomaepp.harness.jobs.Stage;
import org.audiomaepp.models.train.Devices;

/**
 * {@code features}: the pretraining corpus (config {@code corpus}: a directory of audio files or a
 * list file) turned once into normalized log-mel shards, {@code out/}{@value #SHARDS}{@code /} in
 * the layout of {@link FeatureShards}, computed on the job's device. Every pretraining run on the same corpus shares this job.
 */
public final class FeaturesStage implements Stage {

    /** The shards directory inside the job's output. */
    public static final String SHARDS = "shards";

    @Override
    public String name() {
        return "features";
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        Path corpus = Path.of(ctx.config().get("corpus").toString());
        CorpusFiles files = CorpusFiles.of(corpus);
        ctx.log().printf("[features] %d audio files from %s, %d threads%n", files.files().size(), corpus, ctx.threads());
        try (Progress progress = ctx.progress("files featurized", files.files().size())) {
            int[] reported = {0};
            FeatureShards.build(files, ctx.outputDir().resolve(SHARDS), LogMelFeaturizer.ID,
                    new LogMelFeaturizer(Devices.available(ctx.device())),
                    FeatureShards.DEFAULT_SHARD_FRAMES, ctx.threads(), p -> {
                        progress.stepBy(p.filesDone() - reported[0]);
                        reported[0] = p.filesDone();
                    });
        }
    }
}
