package org.audiomaepp.harness.exec;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.audiomaepp.harness.jobs.JobContext;
import org.audiomaepp.harness.jobs.Stage;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.jobs.TransientJobException;

/**
 * Stages that do no real work: each writes a deterministic {@code result.txt} (a hash of its config
 * and its parents' results) and appends a line to {@code <store>/fake-runs.log}. Behaviour is set in
 * the job's own config section under {@code fake} ({@code features.fake}, {@code pretrain.fake},
 * {@code embedding.fake}, {@code probe.fake}), optionally only for one task ({@code fake_task}):
 * <ul>
 *   <li>{@code fail}: throw an ordinary exception;
 *   <li>{@code transient:N}: throw {@link TransientJobException} on the first N attempts;
 *   <li>{@code halt:C}: halt the JVM with exit code C (child JVMs only);
 *   <li>{@code halt-once:C}: halt with C on the first attempt only;
 *   <li>{@code gate}: wait until the file {@code <store>/gate} exists.
 * </ul>
 * Used in-process and, through {@code -Dharness.stages}, in child JVMs.
 */
public final class FakeStages implements Supplier<StageRegistry> {

    /** The file every fake job appends "stage/key" to when it starts its work. */
    public static final String RUNS_LOG = "fake-runs.log";

    /**
     * Optional properties file in the store root that sets behaviours without touching the config:
     * {@code embed.t2=halt:13} (one task), {@code probe=gate} (every probe job).
     */
    public static final String CONTROL = "fake.properties";

    @Override
    public StageRegistry get() {
        StageRegistry r = new StageRegistry();
        for (String s : StageRegistry.STAGES) {
            r.register(new Fake(s));
        }
        return r;
    }

    /** How many times each job id appears in the runs log of {@code store}. */
    public static Map<String, Long> runCounts(Path store) {
        Path log = store.resolve(RUNS_LOG);
        if (!Files.exists(log)) {
            return Map.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines.stream()
                .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
    }

    private record Fake(String name) implements Stage {

        @Override
        public void run(JobContext ctx) throws Exception {
            Path storeRoot = ctx.outputDir().getParent().getParent().getParent();
            Path runs = storeRoot.resolve(RUNS_LOG);
            String id = ctx.spec().id();
            long before = Files.exists(runs) ? Files.readAllLines(runs).stream().filter(id::equals).count() : 0;
            Files.writeString(runs, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ctx.log().println("fake " + name + " running " + ctx.spec().describe());
            ctx.log().println("fake " + name + " sees TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=" + System.getenv("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE"));

            String behaviour = behaviour(ctx, storeRoot);
            if (behaviour.equals("fail")) {
                throw new IllegalStateException("fake failure of " + id);
            } else if (behaviour.startsWith("transient:")) {
                if (before < Long.parseLong(behaviour.substring("transient:".length()))) {
                    throw new TransientJobException("fake transient failure, attempt " + (before + 1));
                }
            } else if (behaviour.startsWith("halt:")) {
                Runtime.getRuntime().halt(Integer.parseInt(behaviour.substring("halt:".length())));
            } else if (behaviour.startsWith("halt-once:")) {
                if (before == 0) {
                    Runtime.getRuntime().halt(Integer.parseInt(behaviour.substring("halt-once:".length())));
                }
            } else if (behaviour.equals("steps")) {
                // Steps until the JVM is stopped (JobStop ends the loop at a step).
                try (var progress = ctx.progress("fake endless steps", Long.MAX_VALUE)) {
                    ctx.log().println("fake " + name + " stepping");
                    ctx.log().flush();
                    while (true) {
                        progress.step();
                        Thread.sleep(20);
                    }
                }
            } else if (behaviour.equals("gate")) {
                await().atMost(java.time.Duration.ofMinutes(2)).pollInterval(java.time.Duration.ofMillis(50))
                        .until(() -> Files.exists(storeRoot.resolve("gate")));
            }

            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ctx.spec().key().getBytes(StandardCharsets.UTF_8));
            List<Path> parents = ctx.parentOutputs();
            for (Path p : parents) {
                md.update(Files.readAllBytes(p.resolve("result.txt")));
            }
            try (var progress = ctx.progress("fake steps", 3)) {
                for (int i = 0; i < 3; i++) {
                    progress.step();
                }
            }
            Files.writeString(ctx.outputDir().resolve("result.txt"),
                    name + " " + HexFormat.of().formatHex(md.digest()) + "\n");
        }

        private String behaviour(JobContext ctx, Path storeRoot) throws IOException {
            Path control = storeRoot.resolve(CONTROL);
            if (Files.exists(control)) {
                java.util.Properties p = new java.util.Properties();
                try (var in = Files.newInputStream(control)) {
                    p.load(in);
                }
                String b = p.getProperty(name + "." + ctx.config().get("task"), p.getProperty(name));
                if (b != null) {
                    return b;
                }
            }
            String section = switch (name) {
                case "embed" -> "embedding";
                default -> name;
            };
            Map<String, Object> config = ctx.config();
            Object s = config.get(section);
            if (!(s instanceof Map<?, ?> m) || m.get("fake") == null) {
                return "ok";
            }
            Object onlyTask = m.get("fake_task");
            if (onlyTask != null && !onlyTask.equals(config.get("task"))) {
                return "ok";
            }
            return m.get("fake").toString();
        }
    }
}
