package org.audiomaepp.harness.stages;

import java.nio.file.Path;
import java.util.Map;
import org.audiomaepp.harness.jobs.JobContext;
import org.audiomaepp.harness.jobs.Stage;
import org.audiomaepp.models.train.Devices;
import org.audiomaepp.tasks.hear.HearTask;
import org.audiomaepp.tasks.hear.HearTaskReader;
import org.audiomaepp.tasks.probe.Embeddings;
import org.audiomaepp.tasks.probe.Grid;
import org.audiomaepp.tasks.probe.ProbeConfig;
import org.audiomaepp.tasks.probe.ProbeData;
import org.audiomaepp.tasks.probe.ProbeOutputs;
import org.audiomaepp.tasks.probe.ProbeResult;
import org.audiomaepp.tasks.probe.Prober;

/**
 * {@code probe}: MLP probes (docs/protocol.md §4–5) on the parent embed job's embeddings of one task, every
 * seed {@code 0..probe.seeds-1} in this one job: batched into one network by default
 * ({@code probe.batch: false} trains one seed after another). Config: {@code probe.grid},
 * {@code probe.seeds}, {@code probe.max_epochs}, {@code probe.batch}; the rest of the schedule is the
 * protocol's.
 *
 * <p>Outputs: what {@link ProbeOutputs#write} writes ({@code scores.json}, {@code scores.csv},
 * {@code summary.csv}, {@code seed<k>/...}), with the embedding set named {@code embed/<key prefix>}.
 */
public final class ProbeStage implements Stage {

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        StageConfig.engineOnThisThread();
        Map<String, Object> section = StageConfig.section(ctx.config(), "probe");
        HearTask task = HearTaskReader.read(Path.of(ctx.config().get("task_dir").toString()));
        ProbeData data = Embeddings.load(ctx.parentOutput("embed"), task);
        ProbeConfig defaults = ProbeConfig.defaults();
        ProbeConfig config = defaults
                .withGrid(Grid.fromName(String.valueOf(section.getOrDefault("grid", "restricted"))))
                .withSeeds(ProbeConfig.seedsUpTo(StageConfig.integer(section, "seeds", defaults.seeds().size())))
                .withSchedule(StageConfig.integer(section, "max_epochs", defaults.maxEpochs()), defaults.validEvery(),
                        defaults.patience())
                .withBatched(Boolean.parseBoolean(String.valueOf(section.getOrDefault("batch", defaults.batched()))));
        ctx.log().printf("[probe] %s: %d seed(s), grid %s, at most %d epochs, %s%n", task.name(), config.seeds().size(),
                config.grid().cliName(), config.maxEpochs(), config.batched() ? "batched" : "one seed at a time");
        ProbeResult result = new Prober(config, ctx.log()::println, Devices.available(ctx.device())).run(data);
        String parent = ctx.spec().parents().get(0);
        String embeddings = parent.substring(0, Math.min(parent.length(), "embed/".length() + 12));
        ProbeOutputs.write(ctx.outputDir(), result, embeddings);
        for (ProbeResult.Summary s : result.summaries()) {
            ctx.log().printf("[probe] %s %s mean %.4f ci95 %.4f (n=%d)%n", task.name(), s.metric().hearName(), s.mean(),
                    s.ci95(), s.n());
        }
    }
}
