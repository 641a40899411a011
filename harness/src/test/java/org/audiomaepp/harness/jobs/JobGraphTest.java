package org.audiomaepp.harness.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobGraphTest {

    @TempDir
    Path tmp;

    Path corpus;
    Path tasks;
    Map<String, Object> config;

    @BeforeEach
    void data() {
        corpus = TestData.corpus(tmp);
        tasks = TestData.tasks(tmp, "t1", "t2");
        config = TestData.config(corpus, tasks);
    }

    /** Stage of the first job whose key changes → which stages' keys must change. */
    static Stream<Arguments> configChanges() {
        return Stream.of(
                Arguments.of("model", "mask_ratio", 0.75, List.of("pretrain", "embed", "probe")),
                Arguments.of("pretrain", "seed", 1, List.of("pretrain", "embed", "probe")),
                Arguments.of("embedding", "pad", "repeat", List.of("embed", "probe")),
                Arguments.of("embedding", "precision", "fp16", List.of("embed", "probe")),
                Arguments.of("embedding", "precision", "fp32", List.of()),
                Arguments.of("model", "mlp_ratio", 4L, List.of()),
                Arguments.of("model", "mlp_ratio", 2L, List.of("pretrain", "embed", "probe")),
                Arguments.of("pretrain", "eps", 1e-8, List.of()),
                Arguments.of("pretrain", "precision", "tf32", List.of("pretrain", "embed", "probe")),
                Arguments.of("probe", "seeds", 10, List.of("probe")));
    }

    @ParameterizedTest(name = "{0}.{1} = {2} changes the keys of {3}")
    @MethodSource("configChanges")
    void changingAConfigValueChangesTheKeysOfThatStageAndItsDependentsOnly(
            String section, String key, Object value, List<String> changed) {
        Map<String, String> before = keysByStage(graph().addRunAndJobs(config));
        Map<String, String> after = keysByStage(graph().addRunAndJobs(TestData.with(config, section, key, value)));
        for (String stage : StageRegistry.STAGES) {
            if (changed.contains(stage)) {
                assertNotEquals(before.get(stage), after.get(stage), stage);
            } else {
                assertEquals(before.get(stage), after.get(stage), stage);
            }
        }
    }

    @Test
    void keyIsStableAcrossMapOrderAndIntegerTypes() {
        Map<String, Object> reordered = new LinkedHashMap<>();
        List<String> sections = List.of("probe", "tasks", "embedding", "pretrain", "model");
        for (String s : sections) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new TreeMap<>((Map<String, Object>) config.get(s));
            reordered.put(s, m);
        }
        Map<String, Object> respelled = TestData.with(config, "pretrain", "epochs", 2L);
        respelled = TestData.with(respelled, "pretrain", "seed", Long.valueOf(0));

        List<String> keys = graph().addRunAndJobs(config);
        assertEquals(keys, graph().addRunAndJobs(reordered));
        assertEquals(keys, graph().addRunAndJobs(respelled));
        assertEquals(keys, graph().addRunAndJobs(config), "same config, same keys");
    }

    @Test
    void changingTheCodeVersionOfAStageChangesItsKeyAndItsDependentsKeys() {
        Map<String, String> v1 = keysByStage(graph().addRunAndJobs(config));
        StageRegistry newer = registry();
        newer.register(stage("embed", "2"));
        Map<String, String> v2 = keysByStage(new GraphAndRuns(new JobGraph(newer, "test")).addRunAndJobs(config));
        assertEquals(v1.get("features"), v2.get("features"));
        assertEquals(v1.get("pretrain"), v2.get("pretrain"));
        assertNotEquals(v1.get("embed"), v2.get("embed"));
        assertNotEquals(v1.get("probe"), v2.get("probe"));

        Map<String, String> otherProject = keysByStage(
                new GraphAndRuns(new JobGraph(registry(), "test-2")).addRunAndJobs(config));
        assertNotEquals(v1.get("features"), otherProject.get("features"));
    }

    @Test
    void changingTaskDataChangesThatTasksKeysOnly() throws Exception {
        JobGraph before = new JobGraph(registry(), "test");
        JobGraph.RunJobs r1 = before.addRun("r", config);
        Files.writeString(tasks.resolve("t1/16000/fold00/y.wav"), "RIFF");
        JobGraph after = new JobGraph(registry(), "test");
        JobGraph.RunJobs r2 = after.addRun("r", config);
        assertNotEquals(r1.embed().get("t1"), r2.embed().get("t1"));
        assertNotEquals(r1.probe().get("t1"), r2.probe().get("t1"));
        assertEquals(r1.embed().get("t2"), r2.embed().get("t2"));
        assertEquals(r1.pretrain(), r2.pretrain());
    }

    @Test
    void changingTheCorpusChangesEveryKeyButMovingTheTasksDirectoryChangesNone() throws Exception {
        JobGraph.RunJobs r1 = new JobGraph(registry(), "test").addRun("r", config);
        Files.writeString(corpus.resolve("c.wav"), "cc");
        JobGraph.RunJobs r2 = new JobGraph(registry(), "test").addRun("r", config);
        assertNotEquals(r1.features(), r2.features());
        assertNotEquals(r1.probe().get("t1"), r2.probe().get("t1"));

        Path moved = Files.move(tasks, tmp.resolve("elsewhere"));
        JobGraph.RunJobs r3 = new JobGraph(registry(), "test").addRun("r", TestData.with(config, "tasks", "dir", moved.toString()));
        assertEquals(r2.probe(), r3.probe());
    }

    @Test
    void aRunFromACheckpointIsKeyedByTheFilesContentNotItsPathOrTheRecipe() throws Exception {
        Path a = Files.writeString(tmp.resolve("checkpoint-99.pth"), "weights");
        Path b = Files.createDirectories(tmp.resolve("copy")).resolve("other-name.pth");
        Files.writeString(b, "weights");
        Map<String, Object> fromA = new LinkedHashMap<>(config);
        fromA.put("pretrain", new LinkedHashMap<>(Map.of("from", a.toString(), "epochs", 2, "seed", 0)));
        JobGraph g = new JobGraph(registry(), "test");
        JobGraph.RunJobs r1 = g.addRun("a", fromA);
        assertEquals(null, r1.features(), "no features job: nothing is pretrained");
        JobSpec pretrain = g.jobs().stream().filter(j -> j.id().equals(r1.pretrain())).findFirst().orElseThrow();
        assertTrue(pretrain.parents().isEmpty());
        assertEquals(a.toAbsolutePath().normalize().toString(), pretrain.config().get("from"));
        assertFalse(pretrain.keyMaterial().toString().contains(a.toString()), "the path is not in the key");
        assertTrue(pretrain.keyMaterial().toString().contains(
                org.audiomaepp.models.importer.CheckpointImporter.sha256(a)), "the content's SHA-256 is");

        JobGraph.RunJobs r2 = new JobGraph(registry(), "test").addRun("b",
                TestData.with(TestData.with(fromA, "pretrain", "from", b.toString()), "pretrain", "seed", 7));
        assertEquals(r1.pretrain(), r2.pretrain(), "same bytes elsewhere, other recipe: same job");
        assertEquals(r1.probe(), r2.probe());

        Files.writeString(b, "other weights");
        JobGraph.RunJobs r3 = new JobGraph(registry(), "test").addRun("b", TestData.with(fromA, "pretrain", "from",
                b.toString()));
        assertNotEquals(r1.pretrain(), r3.pretrain());
        assertNotEquals(r1.embed().get("t1"), r3.embed().get("t1"));
    }

    @Test
    void runsThatShareWorkShareJobs() {
        JobGraph g = new JobGraph(registry(), "test");
        JobGraph.RunJobs a = g.addRun("a", config);
        JobGraph.RunJobs b = g.addRun("b", TestData.with(config, "probe", "grid", "full"));
        JobGraph.RunJobs c = g.addRun("c", TestData.with(config, "model", "block", "vanilla"));
        assertEquals(a.pretrain(), b.pretrain());
        assertEquals(a.embed(), b.embed());
        assertNotEquals(a.probe().get("t1"), b.probe().get("t1"));
        assertEquals(a.features(), c.features());
        assertNotEquals(a.pretrain(), c.pretrain());
        // 1 features + 2 pretrain + (2 + 2) embed + (2 + 2 + 2) probe
        assertEquals(1 + 2 + 4 + 6, g.jobs().size());
        assertEquals(3, g.runs().size());
    }

    @Test
    void jobsAreListedParentsFirst() {
        JobGraph g = new JobGraph(registry(), "test");
        g.addRun("a", config);
        g.addRun("b", TestData.with(config, "model", "block", "vanilla"));
        List<String> seen = new java.util.ArrayList<>();
        for (JobSpec j : g.jobs()) {
            assertTrue(seen.containsAll(j.parents()), j.id());
            seen.add(j.id());
        }
    }

    @Test
    void missingDataGivesProvisionalKeysAndANote() {
        Map<String, Object> c = TestData.with(config, "pretrain", "corpus", tmp.resolve("nope").toString());
        c = TestData.with(c, "tasks", "names", List.of("E50", "t1"));
        JobGraph g = new JobGraph(registry(), "test");
        JobGraph.RunJobs r = g.addRun("r", c);
        assertTrue(r.embed().containsKey("esc50-v2.0.0-full"), "paper ids name task directories");
        assertTrue(g.jobs().stream().allMatch(j -> g.provisional(j.id())));
        assertTrue(g.notes().stream().anyMatch(n -> n.contains("nope") && n.contains(Fingerprints.NOT_PRESENT)));

        JobGraph ok = new JobGraph(registry(), "test");
        ok.addRun("r", config);
        assertFalse(ok.jobs().stream().anyMatch(j -> ok.provisional(j.id())));
    }

    @Test
    void aMissingSectionOrUnknownSuiteIsBadInput() {
        Map<String, Object> noProbe = new LinkedHashMap<>(config);
        noProbe.remove("probe");
        BadInputException e = assertThrows(BadInputException.class, () -> graph().addRunAndJobs(noProbe));
        assertTrue(e.getMessage().contains("probe"), e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> graph().addRunAndJobs(TestData.with(config, "tasks", "suite", "hear11")));
        assertTrue(e.getMessage().contains("hear11"), e.getMessage());
    }

    @Test
    void dataLocationsStayOutOfTheKeyButInTheConfig() {
        JobGraph g = new JobGraph(registry(), "test");
        g.addRun("r", config);
        JobSpec embed = g.jobs().stream().filter(j -> j.stage().equals("embed")).findFirst().orElseThrow();
        assertTrue(embed.config().get("task_dir").toString().startsWith(tasks.toString()));
        @SuppressWarnings("unchecked")
        Map<String, Object> keyConfig = (Map<String, Object>) embed.keyMaterial().get("config");
        assertFalse(keyConfig.containsKey("task_dir"));
        assertEquals(embed.key(), JobGraph.keyOf(embed.keyMaterial()));
    }

    // --- helpers

    private GraphAndRuns graph() {
        return new GraphAndRuns(new JobGraph(registry(), "test"));
    }

    private record GraphAndRuns(JobGraph g) {
        /** Adds one run and lists its job ids, features first. */
        List<String> addRunAndJobs(Map<String, Object> config) {
            JobGraph.RunJobs r = g.addRun("r", config);
            List<String> ids = new java.util.ArrayList<>(List.of(r.features(), r.pretrain()));
            ids.addAll(new TreeMap<>(r.embed()).values());
            ids.addAll(new TreeMap<>(r.probe()).values());
            return ids;
        }
    }

    /** Stage → key of the first job of that stage (for task t1). */
    private static Map<String, String> keysByStage(List<String> ids) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String id : ids) {
            m.putIfAbsent(id.substring(0, id.indexOf('/')), id);
        }
        return m;
    }

    private static StageRegistry registry() {
        StageRegistry r = new StageRegistry();
        for (String s : StageRegistry.STAGES) {
            r.register(stage(s, "1"));
        }
        return r;
    }

    private static Stage stage(String name, String version) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public void run(JobContext ctx) {}
        };
    }
}
