package org.audiomaepp.harness.stages;

import org.audiomaepp.harness.jobs.StageRegistry;

/** The stages this build runs jobs with: features, pretrain, embed and probe. */
public final class BuiltinStages {

    private BuiltinStages() {}

    /** A registry of the four built-in stages. */
    public static StageRegistry registry() {
        return new StageRegistry()
                .register(new FeaturesStage())
                .register(new PretrainStage())
                .register(new EmbedStage())
                .register(new ProbeStage());
    }
}
