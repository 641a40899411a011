package org.audiomaepp.harness.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.audiomaepp.harness.exec.FakeStages;
import org.audiomaepp.harness.jobs.JobContext;
import org.audiomaepp.harness.jobs.Stage;
import org.audiomaepp.harness.jobs.StageRegistry;

/**
 * {@link FakeStages} whose probe jobs also leave scores in the probe's output format
 * ({@code scores.csv} with {@code task,embeddings,seed,metric,test_score,validation_score,grid_point,wall_seconds},
 * {@code scores.json} with {@code primary_metric}): per seed ({@code probe.seeds}, default 2) a
 * {@code top1_acc} (primary) and an {@code aucroc} score, fractions drawn from a hash of the job's
 * result. {@code score.offset=X} in the store's {@value FakeStages#CONTROL} adds X to every score,
 * standing for a change in the code that moves the numbers.
 */
public final class ScoringFakeStages implements Supplier<StageRegistry> {

    @Override
    public StageRegistry get() {
        StageRegistry fakes = new FakeStages().get();
        Stage probe = fakes.find("probe").orElseThrow();
        return fakes.register(new ScoringProbe(probe));
    }

    private record ScoringProbe(Stage fake) implements Stage {

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public void run(JobContext ctx) throws Exception {
            fake.run(ctx);
            Path out = ctx.outputDir();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out.resolve("result.txt")));
            double offset = offset(out.getParent().getParent().getParent());
            int seeds = ctx.config().get("probe") instanceof Map<?, ?> p && p.get("seeds") instanceof Number n ? n.intValue() : 2;
            String task = String.valueOf(ctx.config().get("task"));
            StringBuilder csv = new StringBuilder("task,embeddings,seed,metric,test_score,validation_score,grid_point,wall_seconds\n");
            for (int seed = 0; seed < seeds; seed++) {
                double top1 = 0.25 + 0.5 * (hash[seed % hash.length] & 0xff) / 255.0 + offset;
                double auc = 0.5 + 0.4 * (hash[(seed + 7) % hash.length] & 0xff) / 255.0 + offset;
                csv.append(String.format(Locale.ROOT, "%s,fake,%d,top1_acc,%s,0.5,h1-512,0.1%n", task, seed, top1));
                csv.append(String.format(Locale.ROOT, "%s,fake,%d,aucroc,%s,0.5,h1-512,0.1%n", task, seed, auc));
            }
            Files.writeString(out.resolve("scores.csv"), csv, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("scores.json"),
                    "{\"task\": \"" + task + "\", \"primary_metric\": \"top1_acc\", \"metrics\": [\"top1_acc\", \"aucroc\"]}\n");
        }

        private static double offset(Path storeRoot) throws java.io.IOException {
            Path control = storeRoot.resolve(FakeStages.CONTROL);
            if (!Files.exists(control)) {
                return 0;
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(control)) {
                p.load(in);
            }
            return Double.parseDouble(p.getProperty("score.offset", "0"));
        }
    }
}
