package org.audiomaepp.harness.exec.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.exec.FakeStages;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.testing.Graphs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The sbatch script of a job: its directives, and what it does when bash runs it. */
class SbatchScriptTest {

    /** Small, quick-starting job JVMs. */
    static final List<String> SMALL_JVM = List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty(StageRegistry.PROPERTY);
    }

    static final Map<String, Object> SWEEP = Map.of("time", "1:00:00", "mem", "4G", "extra", List.of("--qos=low"),
            "setup", List.of("module load java/17"),
            "pretrain", Map.of("time", "12:00:00", "gpus", 2L, "cpus", 8L, "partition", "gpu"));

    @Test
    void theScriptCarriesTheStagesResourcesAndAppendsToTheJobsLog() {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        SbatchScript scripts = new SbatchScript(store, List.of("-Xmx8g"), 2, tmp);
        SlurmSettings settings = SlurmSettings.of(SWEEP, Map.of());
        JobSpec pretrain = g.jobs().get(1);
        JobSpec probe = g.jobs().get(3);

        String p = scripts.render(pretrain, settings.forStage("pretrain"));
        for (String line : List.of("#SBATCH --output=" + store.logFile(pretrain.id()), "#SBATCH --open-mode=append",
                "#SBATCH --kill-on-invalid-dep=yes", "#SBATCH --partition=gpu", "#SBATCH --time=12:00:00",
                "#SBATCH --mem=4G", "#SBATCH --cpus-per-task=8", "#SBATCH --gres=gpu:2", "#SBATCH --qos=low",
                "#SBATCH --chdir=" + tmp.toAbsolutePath(), "module load java/17")) {
            assertTrue(p.lines().anyMatch(line::equals), line + " in\n" + p);
        }
        assertTrue(p.contains(" -Xmx8g "), p);
        assertTrue(p.contains(" job " + pretrain.id() + " --store " + store.root() + " --device gpu:0 --threads \"${THREADS}\""), p);
        assertFalse(p.contains("CUDA_VISIBLE_DEVICES="), "Slurm sets the GPUs a job sees");

        String q = scripts.render(probe, settings.forStage("probe"));
        assertTrue(q.lines().anyMatch("#SBATCH --time=1:00:00"::equals), q);
        assertFalse(q.contains("--gres") || q.contains("--partition") || q.contains("--cpus-per-task"), q);
        assertTrue(q.contains("--device cpu") && q.contains("export CUDA_VISIBLE_DEVICES="), q);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"--qos=high --nice=5|one option", "qos=high|starting with '-'"})
    void anExtraOptionMustBeOneSbatchOption(String extra, String why) {
        Store store = new Store(tmp.resolve("store"));
        JobSpec job = Graphs.of(Graphs.twoTasks(tmp)).jobs().get(0);
        SlurmResources r = new SlurmResources(null, null, null, null, null, 0, List.of(extra.replace(" ", "\n")), List.of());
        BadInputException e = assertThrows(BadInputException.class,
                () -> new SbatchScript(store, List.of(), 0, tmp).render(job, r));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    static Stream<Arguments> words() {
        return Stream.of(Arguments.of("plain/path-1.0", "plain/path-1.0"), Arguments.of("${THREADS}", "\"${THREADS}\""),
                Arguments.of("-Dx=${THREADS}", "\"-Dx=${THREADS}\""), Arguments.of("a b", "'a b'"),
                Arguments.of("it's", "'it'\\''s'"), Arguments.of("$HOME", "'$HOME'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("words")
    void wordsAreQuotedForTheShell(String word, String quoted) {
        assertEquals(quoted, SbatchScript.quote(word));
    }

    @Test
    void runByBashTheScriptRetriesATransientFailureAndEndsWithTheJobsExitCode() throws Exception {
        System.setProperty(StageRegistry.PROPERTY, FakeStages.class.getName());
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        JobSpec features = g.jobs().get(0);
        store.create(features);
        Files.writeString(store.root().resolve(FakeStages.CONTROL), "features=transient:1\n");
        Path script = store.jobDir(features.id()).resolve(SlurmRecord.SCRIPT);
        Files.writeString(script, new SbatchScript(store, SMALL_JVM, 2, tmp)
                .render(features, SlurmSettings.of(Map.of(), Map.of()).forStage("features")));

        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(store.logFile(features.id()).toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the script did not end");

        String log = Files.readString(store.logFile(features.id()));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("[slurm] transient failure; try 2"), log);
        assertEquals(2, ((Number) store.readDone(features.id()).orElseThrow().get("attempt")).intValue());
        assertEquals(1, ((Number) store.readDone(features.id()).orElseThrow().get("threads")).intValue(),
                "SLURM_CPUS_PER_TASK unset: one thread");
    }
}
