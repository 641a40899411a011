package org.audiomaepp.harness.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audiomaepp.harness.exec.FakeStages;
import org.audiomaepp.harness.jobs.StageRegistry;

/** Sweep files over test data, and {@code harness} started as a real process with fake stages. */
final class HarnessProcess {
    private HarnessProcess() {}

    /** Options that keep child JVMs small and quick to start. */
    static final List<String> SMALL_JVM = List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** A two-run sweep (model.block vanilla / plusplus) over the given corpus and tasks:
     * 1 + 2 + 4 × tasks jobs. */
    static Path sweep(Path dir, Path corpus, Path tasks, List<String> taskNames) {
        String yaml = """
                name: fake-sweep
                description: two runs over fake stages
                base:
                  model: { preset: micro }
                  pretrain: { corpus: %s, epochs: 1, batch_size: 4, warmup_epochs: 0 }
                  tasks: { dir: %s, names: [%s] }
                  probe: { seeds: 2 }
                grid:
                  model.block: [vanilla, plusplus]
                """.formatted(corpus, tasks, String.join(", ", taskNames));
        try {
            return Files.writeString(dir.resolve("fake-sweep.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code harness ARGS…} in a new JVM with the fake stages; output goes to {@code output}. */
    static Process start(Path output, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-D" + StageRegistry.PROPERTY + "=" + FakeStages.class.getName());
        cmd.addAll(SMALL_JVM);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(HarnessCli.class.getName());
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The arguments of a {@code run} of {@code sweep} on {@code store} with two job slots. */
    static String[] run(Path sweep, Path store) {
        List<String> a = new ArrayList<>(List.of("run", sweep.toString(), "--store", store.toString(), "--jobs", "2",
                "--progress-every", "5"));
        SMALL_JVM.forEach(o -> a.add("--jvm-option=" + o));
        return a.toArray(String[]::new);
    }
}
