package org.audiomaepp.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every sweep in sweeps/ loads, validates and expands to the runs it promises. */
class ShippedSweepsTest {

    /** Tests run in the harness module; the sweeps are at the repository root. */
    private static final Path SWEEPS = Path.of("..", "sweeps");

    private static final Map<String, String> ENV =
            Map.of("AUDIOSET_DIR", "/data/audioset", "HEAR_TASKS_DIR", "/data/hear", "MAEPP_TINY", "/w/tiny.pth",
                    "MAEPP_BASE", "/w/base.pth", "MAEPP_LARGE", "/w/large.pth");

    @ParameterizedTest(name = "{0}: {1} runs")
    @CsvSource(delimiter = '|', value = {
        "ci-tiny.yaml       | 2 | block=vanilla; block=plusplus",
        "quickstart.yaml    | 2 | block=vanilla; block=plusplus",
        "table2.yaml        | 9 | AudioMAE++-Tiny; AudioMAE++-Base; AudioMAE++-Large; MAE-Tiny; MAE-Base; MAE-Large;"
                + " AudioMAE++-Tiny-time-major; AudioMAE++-Base-time-major; AudioMAE++-Large-time-major",
        "released.yaml      | 6 | AudioMAE++-Tiny; AudioMAE++-Base; AudioMAE++-Large; AudioMAE++-Tiny-time-major;"
                + " AudioMAE++-Base-time-major; AudioMAE++-Large-time-major",
        "rope.yaml          | 4 | rope=none; rope=decoder; rope=both; rope=both,rope_positions=grid",
        "decoder-width.yaml | 3 | decoder-384; decoder-512; decoder-768",
        "masking.yaml       | 3 | tokens=patch,masking=random; tokens=patch,masking=chunk; tokens=frame,masking=random",
        "trained-vs-random.yaml | 2 | random; trained",
    })
    void loadsWithTheExpectedRuns(String file, int count, String names) {
        Sweep sweep = SweepLoader.load(SWEEPS.resolve(file), ENV);
        assertEquals(count, sweep.runs().size());
        assertEquals(List.of(names.split("; ")), sweep.runs().stream().map(Run::name).toList());
        assertEquals(file.replace(".yaml", ""), sweep.name(), "a sweep is named like its file");
    }

    @Test
    void everyShippedSweepIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(SWEEPS)) {
            List<String> yaml = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            assertEquals(List.of("ci-tiny.yaml", "decoder-width.yaml", "masking.yaml", "quickstart.yaml", "released.yaml",
                    "rope.yaml", "table2.yaml", "trained-vs-random.yaml"), yaml);
        }
    }

    @Test
    void readmeExampleLoadsAsDescribed(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String readme = Files.readString(SWEEPS.resolve("README.md"));
        int from = readme.indexOf("```yaml\n") + "```yaml\n".length();
        Path file = dir.resolve("example.yaml");
        Files.writeString(file, readme.substring(from, readme.indexOf("```", from)));
        Sweep sweep = SweepLoader.load(file, ENV);
        assertEquals(List.of("baseline", "rope=none,decoder.width=512,decoder.heads=8",
                "rope=none,decoder.width=768,decoder.heads=12", "rope=decoder,decoder.width=384,decoder.heads=8",
                "rope=decoder,decoder.width=512,decoder.heads=8", "rope=both,decoder.width=384,decoder.heads=8",
                "rope=both,decoder.width=512,decoder.heads=8", "rope=both,decoder.width=768,decoder.heads=12",
                "rope-grid"), sweep.runs().stream().map(Run::name).toList());
        assertEquals(Map.of("scale", "tiny", "seed", 0L), sweep.runs().get(0).config().get("synthetic"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainedVsRandomDiffersOnlyInPretrainingLength() {
        Sweep sweep = SweepLoader.load(SWEEPS.resolve("trained-vs-random.yaml"), ENV);
        Run random = sweep.run("random").orElseThrow();
        Run trained = sweep.run("trained").orElseThrow();
        assertEquals(0L, random.value("pretrain.epochs").orElseThrow());
        assertTrue((Long) trained.value("pretrain.epochs").orElseThrow() > 0);
        assertEquals(Map.of("pretrain.epochs", 0L, "pretrain.warmup_epochs", 0.0), random.axes());
        for (String section : List.of("model", "embedding", "tasks", "probe", "synthetic")) {
            assertEquals(random.config().get(section), trained.config().get(section), section);
        }
        Map<String, Object> randomPretrain = new TreeMap<>((Map<String, Object>) random.config().get("pretrain"));
        Map<String, Object> trainedPretrain = new TreeMap<>((Map<String, Object>) trained.config().get("pretrain"));
        for (String key : List.of("epochs", "warmup_epochs")) {
            randomPretrain.remove(key);
            trainedPretrain.remove(key);
        }
        assertEquals(randomPretrain, trainedPretrain, "same seed, corpus and recipe: the same initialization");
    }

    @Test
    void table2FollowsThePaperRecipe() {
        Sweep sweep = SweepLoader.load(SWEEPS.resolve("table2.yaml"), ENV);
        Run base = sweep.run("AudioMAE++-Base").orElseThrow();
        assertEquals("/data/audioset", base.value("pretrain.corpus").orElseThrow());
        assertEquals("/data/hear", base.value("tasks.dir").orElseThrow());
        assertEquals(768L, base.value("model.width").orElseThrow());
        assertEquals("plusplus", base.value("model.block").orElseThrow());
        assertEquals(100L, base.value("pretrain.epochs").orElseThrow());
        assertEquals(1024L, base.value("pretrain.batch_size").orElseThrow());
        assertEquals(1.5e-4, base.value("pretrain.base_lr").orElseThrow());
        assertEquals(0.8, base.value("model.mask_ratio").orElseThrow());
        assertEquals(10L, base.value("probe.seeds").orElseThrow());
        assertEquals("hear10", base.value("tasks.suite").orElseThrow());
        assertEquals("vanilla", sweep.run("MAE-Large").orElseThrow().value("model.block").orElseThrow());
        assertEquals("official-audiomaepp", base.value("embedding.layout").orElseThrow(), "the released reshape");
        Run ablation = sweep.run("AudioMAE++-Base-time-major").orElseThrow();
        assertEquals("time-major", ablation.value("embedding.layout").orElseThrow());
        assertEquals(768L, ablation.value("model.width").orElseThrow());
    }

    @Test
    void releasedStartsFromTheCheckpointsWithTheReleasedEmbeddingSettings() {
        Sweep sweep = SweepLoader.load(SWEEPS.resolve("released.yaml"), ENV);
        Run large = sweep.run("AudioMAE++-Large").orElseThrow();
        assertEquals("/w/large.pth", large.value("pretrain.from").orElseThrow());
        assertTrue(large.value("pretrain.corpus").isEmpty());
        assertEquals(1024L, large.value("model.width").orElseThrow());
        assertEquals("official-audiomaepp", large.value("embedding.layout").orElseThrow());
        assertEquals("zero", large.value("embedding.pad").orElseThrow());
        assertEquals("fp16", large.value("embedding.precision").orElseThrow());
        assertEquals(10L, large.value("probe.seeds").orElseThrow());
        assertEquals("/w/tiny.pth", sweep.run("AudioMAE++-Tiny-time-major").orElseThrow().value("pretrain.from")
                .orElseThrow());
    }

    @Test
    void ciSweepUsesSyntheticDataUnderResultsByDefault() {
        Sweep sweep = SweepLoader.load(SWEEPS.resolve("ci-tiny.yaml"), Map.of());
        Run run = sweep.runs().get(0);
        assertEquals(Map.of("scale", "tiny", "seed", 0L), run.config().get("synthetic"));
        assertEquals("results/synthetic/tiny-seed0/corpus", run.value("pretrain.corpus").orElseThrow());
        assertEquals("results/synthetic/tiny-seed0/tasks", run.value("tasks.dir").orElseThrow());
        assertEquals("synth10", run.value("tasks.suite").orElseThrow());
        assertEquals(3L, run.value("probe.seeds").orElseThrow());
        assertEquals("micro", run.value("model.preset").orElseThrow());
        Sweep moved = SweepLoader.load(SWEEPS.resolve("ci-tiny.yaml"), Map.of("SYNTH_DIR", "/tmp/s"));
        assertEquals("/tmp/s/corpus", moved.runs().get(0).value("pretrain.corpus").orElseThrow());
    }

    @Test
    void decoderWidthZipsWidthAndHeads() {
        Sweep sweep = SweepLoader.load(SWEEPS.resolve("decoder-width.yaml"), ENV);
        assertEquals(List.of(384L, 512L, 768L),
                sweep.runs().stream().map(r -> r.value("model.decoder.width").orElseThrow()).toList());
        assertEquals(List.of(8L, 8L, 12L),
                sweep.runs().stream().map(r -> r.value("model.decoder.heads").orElseThrow()).toList());
        assertTrue(sweep.runs().stream().allMatch(r -> r.value("model.width").orElseThrow().equals(1024L)));
    }

    @Test
    void missingEnvironmentVariablesAreNamedWithTheirLines() {
        SweepFileException e = assertThrows(SweepFileException.class,
                () -> SweepLoader.load(SWEEPS.resolve("table2.yaml"), Map.of()));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).message().contains("`AUDIOSET_DIR` is not set"), e.getMessage());
        assertTrue(e.problems().get(1).message().contains("`HEAR_TASKS_DIR` is not set"), e.getMessage());
        List<String> lines;
        try {
            lines = Files.readAllLines(SWEEPS.resolve("table2.yaml"));
        } catch (IOException io) {
            throw new AssertionError(io);
        }
        for (Problem p : e.problems()) {
            String variable = p.message().contains("AUDIOSET_DIR") ? "${AUDIOSET_DIR}" : "${HEAR_TASKS_DIR}";
            assertTrue(lines.get(p.line() - 1).contains(variable), "line " + p.line() + " holds " + variable);
        }
    }
}
