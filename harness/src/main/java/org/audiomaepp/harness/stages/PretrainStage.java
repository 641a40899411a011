package org.audiomaepp.harness.stages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.audiomaepp.harness.corpus.Pretraining;
import org.audiomaepp.harness.corpus.ShardCorpus;
import org.audiomaepp.harness.jobs.JobContext;
import org.audiomaepp.harness.jobs.JobPrecision;
import org.audiomaepp.harness.jobs.Progress;
import org.audiomaepp.harness.jobs.Stage;
import org.audiomaepp.harness.sweep.ModuleConfigs;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.importer.CheckpointImporter;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.train.Checkpoint;
import org.audiomaepp.models.train.PretrainConfig;
import org.audiomaepp.models.train.Pretrainer;
import org.audiomaepp.models.train.StepReport;
import org.audiomaepp.models.train.TrainListener;
import org.audiomaepp.models.train.TrainableModel;

/**
 * {@code pretrain}: a masked autoencoder ({@code model}) trained with the recipe ({@code pretrain},
 * see {@link Pretraining}) on the shards of the parent features job.
 *
 * <p>Training runs in the job's scratch directory, which keeps its checkpoints across failed or
 * killed attempts: a retry resumes from the latest checkpoint and ends with the same weights. The
 * outputs are:
 * <pre>
 * out/model.bin       the final weights with their model config ({@link MaskedAutoencoder#load})
 * out/train_log.csv   one row per optimizer step
 * out/pretrain.json   model config, resolved recipe, corpus size, steps, precision, and for fp16 the
 *                     loss scaler's final state (scale, clean_steps, skipped_steps)
 * </pre>
 *
 * <p>A job of a run with {@code pretrain.from} (config {@code {model, from}}, no parent) trains
 * nothing: it imports that checkpoint ({@link CheckpointImporter}, as {@code harness import} does)
 * and requires it to be exactly the run's model. Its outputs are {@code out/model.bin},
 * {@code out/import.json} (source file, SHA-256, mapping) and {@code out/pretrain.json} with
 * {@code imported_from: {file, sha256, format}} in place of the recipe and an {@code origin} text
 * that reports show instead of pretraining curves.
 */
public final class PretrainStage implements Stage {

    @Override
    public String name() {
        return "pretrain";
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        StageConfig.engineOnThisThread();
        ModelConfig model = ModuleConfigs.model(StageConfig.section(ctx.config(), "model"));
        if (ctx.config().get("from") != null) {
            importCheckpoint(ctx, model, Path.of(ctx.config().get("from").toString()));
            return;
        }
        ShardCorpus corpus = ShardCorpus.open(ctx.parentOutput("features").resolve(FeaturesStage.SHARDS));
        Pretraining.Plan plan = Pretraining.plan(model,
                ModuleConfigs.pretrainSettings(StageConfig.section(ctx.config(), "pretrain"), ctx.device()), corpus);
        PretrainConfig recipe = plan.recipe();
        long stepsPerEpoch = plan.stepsPerEpoch();
        JobPrecision.requireActive(recipe.precision(), "pretrain job " + ctx.spec().shortId());
        ctx.log().printf("[pretrain] %s, %d clips, %d steps per epoch, %d epochs, peak lr %.3g, device %s, precision %s%n",
                model.label(), corpus.clipCount(), stepsPerEpoch, recipe.epochs(), recipe.peakLr(), recipe.device(),
                recipe.precision().key());
        Path work = ctx.scratchDir();
        Pretrainer.Result result;
        try (StepProgress listener = new StepProgress(ctx)) {
            result = Pretraining.train(plan, work, listener);
        }
        Path out = ctx.outputDir();
        Files.copy(result.finalCheckpoint().resolve(TrainableModel.MODEL_FILE), out.resolve(TrainableModel.MODEL_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(work.resolve(Pretrainer.LOG_FILE), out.resolve(Pretrainer.LOG_FILE), StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("model", model.toMap());
        record.put("recipe", recipe.toMap());
        record.put("corpus_clips", corpus.clipCount());
        record.put("steps_per_epoch", stepsPerEpoch);
        record.put("steps", result.steps());
        record.put("resumed_from_step", result.firstStep());
        record.put("precision", recipe.precision().key());
        JsonNode scaler = new ObjectMapper().readTree(result.finalCheckpoint().resolve(Checkpoint.META_FILE).toFile())
                .get("loss_scaler");
        if (scaler != null) {
            record.put("loss_scaler", scaler);
        }
        StageConfig.writeJson(out.resolve("pretrain.json"), record);
    }

    private static void importCheckpoint(JobContext ctx, ModelConfig model, Path from) throws IOException {
        ctx.log().printf("[pretrain] importing %s instead of pretraining%n", from);
        CheckpointImporter.Result r = CheckpointImporter.importTo(from, ctx.outputDir(),
                new CheckpointImporter.Options(null, null, model));
        Object planned = ctx.spec().keyMaterial().get("data") instanceof Map<?, ?> data
                && data.get("checkpoint") instanceof Map<?, ?> fp ? fp.get("fingerprint") : null;
        if (planned != null && !planned.equals(r.sha256())) {
            throw new BadConfigException(from + " changed after the sweep was planned (SHA-256 " + r.sha256()
                    + ", planned " + planned + "); run the sweep again so that its jobs are keyed by the new file");
        }
        ctx.log().printf("[pretrain] %s checkpoint, sha256 %s%n", r.format(), r.sha256());
        Map<String, Object> imported = new LinkedHashMap<>();
        imported.put("file", from.toAbsolutePath().normalize().toString());
        imported.put("sha256", r.sha256());
        imported.put("format", r.format());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("model", model.toMap());
        record.put("imported_from", imported);
        // the text a report shows where a trained run has its curves (aggregate.PretrainingCurves.ORIGIN_FIELD)
        record.put("origin", "imported " + r.format() + " checkpoint "
                + imported.get("file") + ", SHA-256 " + r.sha256());
        StageConfig.writeJson(ctx.outputDir().resolve("pretrain.json"), record);
    }

    /** Training steps as job progress. */
    private static final class StepProgress implements TrainListener, AutoCloseable {
        private final JobContext ctx;
        private Progress progress;

        StepProgress(JobContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart(long firstStep, long totalSteps) {
            if (firstStep > 0) {
                ctx.log().printf("[pretrain] resuming at step %d of %d%n", firstStep, totalSteps);
            }
            progress = ctx.progress("pretrain steps", totalSteps);
            progress.stepBy(firstStep);
        }

        @Override
        public void onStep(StepReport r) {
            progress.step();
            if (r.step() == r.totalSteps() || r.step() % 50 == 0) {
                ctx.log().printf("[pretrain] step %d/%d epoch %.2f loss %.4f lr %.3g%n", r.step(), r.totalSteps(),
                        r.epoch(), r.loss(), r.lr());
            }
        }

        @Override
        public void close() {
            if (progress != null) {
                progress.close();
            }
        }
    }
}
