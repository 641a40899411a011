package org.audiomaepp.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.jobs.StageRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a valid sweep expands to: runs, their order, names, axes and resolved configs. */
class SweepExpansionTest {

    private static final String HEAD = """
            name: t
            base:
              pretrain: {corpus: /c}
              tasks: {dir: /t, suite: hear10}
            """;

    @TempDir
    Path dir;

    @Test
    void baseAloneIsOneRunNamedBaseWithEveryDefaultFilledIn() throws IOException {
        Sweep sweep = load(HEAD);
        assertEquals(1, sweep.runs().size());
        Run run = sweep.runs().get(0);
        assertEquals("base", run.name());
        assertEquals(Map.of(), run.axes());
        assertEquals(List.of(), sweep.axes());
        Map<String, Object> model = section(run, "model");
        assertEquals("base", model.get("preset"));
        assertEquals(768L, model.get("width"));
        assertEquals(12L, model.get("heads"));
        assertEquals(0.8, model.get("mask_ratio"));
        assertEquals(Map.of("width", 384L, "depth", 4L, "heads", 8L), model.get("decoder"));
        Map<String, Object> pretrain = section(run, "pretrain");
        assertEquals(1024L, pretrain.get("micro_batch"), "micro_batch defaults to batch_size");
        assertEquals(1.5e-4, pretrain.get("base_lr"));
        assertEquals("fp32", pretrain.get("precision"));
        assertEquals(10L, section(run, "probe").get("seeds"));
        assertEquals("zero", section(run, "embedding").get("pad"));
        assertEquals(List.of("model", "pretrain", "embedding", "tasks", "probe"), List.copyOf(run.config().keySet()),
                "synthetic appears only when asked for");
        assertFalse(section(run, "tasks").containsKey("names"), "optional keys that are not set stay out");
    }

    @Test
    void presetSizesCanBeOverriddenKeyByKey() throws IOException {
        Sweep sweep = load(HEAD + "  model: {preset: tiny, depth: 2, decoder: {width: 128}}\n");
        Map<String, Object> model = section(sweep.runs().get(0), "model");
        assertEquals(192L, model.get("width"));
        assertEquals(2L, model.get("depth"));
        assertEquals(Map.of("width", 128L, "depth", 4L, "heads", 8L), model.get("decoder"));
    }

    @Test
    void numbersAreNormalizedByTheKeysType() throws IOException {
        Sweep sweep = load(HEAD + "  pretrain.base_lr: 1\n  pretrain.weight_decay: 0\n  model: {block: PlusPlus}\n");
        Run run = sweep.runs().get(0);
        assertEquals(1.0, section(run, "pretrain").get("base_lr"));
        assertTrue(section(run, "pretrain").get("weight_decay") instanceof Double);
        assertTrue(section(run, "pretrain").get("epochs") instanceof Long);
        assertEquals("plusplus", section(run, "model").get("block"), "enum words are lower-cased");
        Sweep written = load(HEAD + "  pretrain.base_lr: 1.0\n  pretrain.weight_decay: 0.0\n  model: {block: plusplus}\n");
        assertEquals(run.configSha256(), written.runs().get(0).configSha256(), "1 and 1.0 are the same real");
    }

    @Test
    void yaml12KeepsOnOffYesNoAsText() throws IOException {
        Sweep sweep = load("""
                name: t
                description: on
                base:
                  pretrain: {corpus: /c}
                  tasks: {dir: /t, names: [on, off, yes, no, y, n]}
                """);
        assertEquals("on", sweep.description());
        assertEquals(List.of("on", "off", "yes", "no", "y", "n"), section(sweep.runs().get(0), "tasks").get("names"));
    }

    @Test
    void gridIsTheCartesianProductInFileOrder() throws IOException {
        Sweep sweep = load(HEAD + """
                grid:
                  model.block: [vanilla, plusplus]
                  model.rope: [none, decoder, both]
                """);
        assertEquals(List.of("block=vanilla,rope=none", "block=vanilla,rope=decoder", "block=vanilla,rope=both",
                "block=plusplus,rope=none", "block=plusplus,rope=decoder", "block=plusplus,rope=both"), names(sweep));
        assertEquals(List.of("model.block", "model.rope"), sweep.axes());
        assertEquals(Map.of("model.block", "plusplus", "model.rope", "decoder"), sweep.runs().get(4).axes());
        assertEquals("decoder", section(sweep.runs().get(4), "model").get("rope"));
    }

    @Test
    void zipAdvancesItsListsTogetherInsideTheGrid() throws IOException {
        Sweep sweep = load(HEAD + """
                grid:
                  model.block: [vanilla, plusplus]
                zip:
                  model.decoder.width: [384, 512, 768]
                  model.decoder.heads: [8, 8, 12]
                """);
        assertEquals(6, sweep.runs().size());
        assertEquals("block=vanilla,decoder.width=768,decoder.heads=12", sweep.runs().get(2).name());
        assertEquals("block=plusplus,decoder.width=384,decoder.heads=8", sweep.runs().get(3).name());
        Map<?, ?> decoder = (Map<?, ?>) section(sweep.runs().get(2), "model").get("decoder");
        assertEquals(768L, decoder.get("width"));
        assertEquals(12L, decoder.get("heads"));
    }

    @Test
    void zipListsMayRepeatValues() throws IOException {
        Sweep sweep = load(HEAD + """
                zip:
                  model.tokens: [patch, patch, frame]
                  model.masking: [random, chunk, random]
                """);
        assertEquals(List.of("tokens=patch,masking=random", "tokens=patch,masking=chunk", "tokens=frame,masking=random"),
                names(sweep));
    }

    @Test
    void excludeDropsGridRunsMatchingAllItsKeysAndIncludeAddsRunsAfterThem() throws IOException {
        Sweep sweep = load(HEAD + """
                grid:
                  model.block: [vanilla, plusplus]
                  model.rope: [none, decoder, both]
                exclude:
                  - {model.block: vanilla, model.rope: decoder}
                  - {model.block: vanilla, model.rope: both}
                include:
                  - {model.block: vanilla, model.rope: both, model.rope_positions: grid}
                  - {model.preset: tiny, name: small-one}
                """);
        assertEquals(List.of("block=vanilla,rope=none", "block=plusplus,rope=none", "block=plusplus,rope=decoder",
                "block=plusplus,rope=both", "block=vanilla,rope=both,rope_positions=grid", "small-one"), names(sweep),
                "exclude applies to the grid only; includes come last, in file order");
        assertEquals(List.of("model.block", "model.rope", "model.rope_positions", "model.preset"), sweep.axes());
        Run small = sweep.run("small-one").orElseThrow();
        assertEquals(Map.of("model.block", "plusplus", "model.rope", "none", "model.preset", "tiny"), small.axes(),
                "an include starts from base, not from a grid run");
        assertEquals(192L, section(small, "model").get("width"));
    }

    @Test
    void excludeMatchesResolvedValuesIncludingDefaults() throws IOException {
        Sweep sweep = load(HEAD + """
                grid:
                  model.preset: [tiny, base]
                  model.rope: [none, both]
                exclude:
                  - {model.width: 768, model.rope: both}
                """);
        assertEquals(List.of("preset=tiny,rope=none", "preset=tiny,rope=both", "preset=base,rope=none"), names(sweep));
    }

    @Test
    void namesMapRenamesDerivedNames() throws IOException {
        Sweep sweep = load(HEAD + """
                grid:
                  model.rope: [none, both]
                names:
                  "rope=both": rope-everywhere
                """);
        assertEquals(List.of("rope=none", "rope-everywhere"), names(sweep));
        assertEquals(Map.of("model.rope", "both"), sweep.runs().get(1).axes(), "renaming keeps the axes");
    }

    @Test
    void axesThatDoNotVaryAreLeftOutOfNames() throws IOException {
        Sweep sweep = load(HEAD + """
                grid:
                  model.block: [plusplus]
                  model.rope: [none, both]
                """);
        assertEquals(List.of("rope=none", "rope=both"), names(sweep));
        assertEquals(List.of("model.rope"), sweep.axes());
    }

    @Test
    void ambiguousKeyNamesKeepEnoughOfTheirPath() throws IOException {
        Sweep sweep = load(HEAD + """
                zip:
                  model.width: [64, 128]
                  model.heads: [4, 4]
                  model.decoder.width: [64, 128]
                """);
        assertEquals(List.of("width=64,decoder.width=64", "width=128,decoder.width=128"), names(sweep));
    }

    @Test
    void keysOfTheSameNameInTwoSectionsKeepTheirSection() throws IOException {
        Sweep sweep = load(HEAD + """
                zip:
                  pretrain.batch_size: [32, 64]
                  embedding.batch_size: [8, 16]
                """);
        assertEquals(List.of("pretrain.batch_size=32,embedding.batch_size=8",
                "pretrain.batch_size=64,embedding.batch_size=16"), names(sweep));
    }

    @Test
    void realValuesAppearInNamesInCanonicalForm() throws IOException {
        Sweep sweep = load(HEAD + "grid:\n  model.mask_ratio: [0.75, 8e-1]\n  pretrain.base_lr: [1.5e-4]\n");
        assertEquals(List.of("mask_ratio=0.75", "mask_ratio=0.8"), names(sweep));
    }

    @Test
    void synthenticSectionIsPartOfEveryRunWhenDeclared() throws IOException {
        Sweep sweep = load(HEAD + "synthetic: {seed: 3}\n");
        assertEquals(Map.of("scale", "tiny", "seed", 3L), sweep.runs().get(0).config().get("synthetic"));
    }

    @Test
    void slurmSectionIsPartOfEveryRunWhenDeclaredAndOfNoJobKey() throws IOException {
        Sweep plain = load(HEAD);
        Sweep sweep = load(HEAD + "slurm:\n  time: \"1:00:00\"\n  extra: [--qos=low]\n  pretrain: {gpus: 1, time: 1-00:00}\n");
        assertEquals(Map.of("time", "1:00:00", "extra", List.of("--qos=low"),
                "pretrain", Map.of("gpus", 1L, "time", "1-00:00")), sweep.runs().get(0).config().get("slurm"));
        JobGraph a = new JobGraph(new StageRegistry(), "test");
        JobGraph b = new JobGraph(new StageRegistry(), "test");
        a.addRun("x", plain.runs().get(0).config());
        b.addRun("x", sweep.runs().get(0).config());
        assertEquals(a.jobs().stream().map(JobSpec::id).toList(), b.jobs().stream().map(JobSpec::id).toList(),
                "resources do not change what a job computes");
    }

    @Test
    void nameDefaultsToTheFileName() throws IOException {
        Path file = dir.resolve("my-sweep.yml");
        Files.writeString(file, HEAD.substring(HEAD.indexOf('\n') + 1));
        assertEquals("my-sweep", SweepLoader.load(file, Map.of()).name());
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "corpus: ${DATA}/corpus                   | DATA=/d        | /d/corpus",
        "corpus: ${DATA:-/fallback}/corpus        |                | /fallback/corpus",
        "corpus: ${DATA:-/fallback}/corpus        | DATA=          | /fallback/corpus",
        "corpus: '${DATA}-${RUN}'                 | DATA=a,RUN=b   | a-b",
        "corpus: $${DATA}/x                       | DATA=/d        | ${DATA}/x",
    })
    void substitutesEnvironmentVariables(String line, String env, String expected) throws IOException {
        Map<String, String> vars = new java.util.HashMap<>();
        if (env != null) {
            for (String kv : env.split(",")) {
                String[] p = kv.split("=", 2);
                vars.put(p[0], p.length > 1 ? p[1] : "");
            }
        }
        Sweep sweep = load("name: t\nbase:\n  pretrain:\n    " + line + "\n  tasks: {dir: /t, suite: hear10}\n", vars);
        assertEquals(expected, section(sweep.runs().get(0), "pretrain").get("corpus"));
    }

    @Test
    void zeroEpochsWithoutWarmUpIsAnUntrainedBaselineRun() throws IOException {
        Sweep sweep = load(HEAD + "zip:\n  pretrain.epochs: [0, 10]\n  pretrain.warmup_epochs: [0, 1]\n");
        assertEquals(List.of("epochs=0,warmup_epochs=0.0", "epochs=10,warmup_epochs=1.0"), names(sweep));
        assertEquals(0L, section(sweep.runs().get(0), "pretrain").get("epochs"));
    }

    @Test
    void plainVariableIsTypedAfterSubstitutionQuotedOneStaysText() throws IOException {
        Sweep sweep = load(HEAD + "  pretrain.epochs: ${EPOCHS:-17}\n", Map.of());
        assertEquals(17L, section(sweep.runs().get(0), "pretrain").get("epochs"));
        Path file = write(HEAD + "  pretrain.epochs: \"${EPOCHS}\"\n");
        SweepFileException e = assertThrows(SweepFileException.class,
                () -> SweepLoader.load(file, Map.of("EPOCHS", "17")));
        assertTrue(e.getMessage().contains(":5:") && e.getMessage().contains("remove the quotes"), e.getMessage());
    }

    @Test
    void missingVariableIsNamedWithItsLine() throws IOException {
        Path file = write("name: t\nbase:\n  pretrain: {corpus: /c}\n  tasks: {dir: \"${HEAR_TASKS_DIR}\", suite: hear10}\n");
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(4, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("environment variable `HEAR_TASKS_DIR` is not set"), e.getMessage());
    }

    @Test
    void extraRunChecksAreReportedWithTheRest() throws IOException {
        Path file = write(HEAD + "grid:\n  model.preset: [tiny, huge]\n");
        RunCheck noHuge = config -> "huge".equals(((Map<?, ?>) config.get("model")).get("preset"))
                ? java.util.Optional.of("huge does not fit here") : java.util.Optional.empty();
        SweepFileException e = assertThrows(SweepFileException.class,
                () -> SweepLoader.load(file, Map.of(), List.of(noHuge)));
        assertEquals(1, e.problems().size());
        assertEquals(6, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("huge does not fit here (run preset=huge)"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theModelsModulesOwnParsersJudgeEveryRunsSections() throws IOException {
        Map<String, Object> config = load(HEAD).runs().get(0).config();
        assertEquals(java.util.Optional.empty(), ModuleConfigs.CHECK.problem(config));
        Map<String, Object> broken = new java.util.LinkedHashMap<>(config);
        Map<String, Object> model = new java.util.LinkedHashMap<>((Map<String, Object>) config.get("model"));
        model.put("heads", 5L);
        broken.put("model", model);
        Map<String, Object> embedding = new java.util.LinkedHashMap<>((Map<String, Object>) config.get("embedding"));
        embedding.put("precision", "bf16");
        broken.put("embedding", embedding);
        String problem = ModuleConfigs.CHECK.problem(broken).orElseThrow();
        assertTrue(problem.startsWith("model: ") && problem.contains("must divide `width`"), problem);
        assertTrue(problem.contains("embedding: precision 'bf16'"), problem);
    }

    @Test
    void presetSizesComeFromTheModelsModule() throws IOException {
        Run run = load(HEAD.replace("base:\n", "base:\n  model: {preset: micro}\n")).runs().get(0);
        org.audiomaepp.models.config.ModelConfig micro = org.audiomaepp.models.config.ModelConfig.of("micro");
        assertEquals((long) micro.heads(), run.value("model.heads").orElseThrow());
        assertEquals((long) micro.decoder().heads(), run.value("model.decoder.heads").orElseThrow());
    }

    @Test
    void runConfigsAreUnmodifiable() throws IOException {
        Run run = load(HEAD).runs().get(0);
        assertThrows(UnsupportedOperationException.class, () -> run.config().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> section(run, "model").put("width", 1L));
        assertEquals(768L, run.value("model.width").orElseThrow());
        assertEquals(384L, run.value("model.decoder.width").orElseThrow());
        assertTrue(run.value("model.nothing").isEmpty());
    }

    private Sweep load(String text) throws IOException {
        return load(text, Map.of());
    }

    private Sweep load(String text, Map<String, String> env) throws IOException {
        return SweepLoader.load(write(text), env);
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, text);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Run run, String name) {
        return (Map<String, Object>) run.config().get(name);
    }

    private static List<String> names(Sweep sweep) {
        return sweep.runs().stream().map(Run::name).toList();
    }
}
