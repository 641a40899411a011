package org.audiomaepp.harness.exec.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.audiomaepp.harness.cli.HarnessCli;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A small sweep (features, one micro pretraining of one epoch, two tasks embedded and probed)
 * through a real Slurm: the jobs are sbatch jobs in JVMs Slurm starts, and what they leave in the
 * store is compared with what the local executor leaves for the same jobs. Runs where a Slurm
 * controller answers ({@code .ci/slurm-up} starts a single-node one); skipped, saying why,
 * everywhere else.
 */
class SlurmIntegrationTest {

    /** Outputs that measure time, not results: they differ between any two runs. */
    private static final Set<String> TIMINGS = Set.of("wall_seconds", "wall_s", "clips_per_s", "time_in_min");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Optional<String> noSlurm;

    @BeforeAll
    static void askSlurm() {
        noSlurm = SlurmCommands.unavailable();
        noSlurm.ifPresent(why -> System.out.println("SlurmIntegrationTest is skipped: " + why
                + "; .ci/slurm-up (as root) starts a single-node Slurm on this machine"));
    }

    /** Each test is reported skipped, with the reason, where there is no Slurm. */
    @BeforeEach
    void needsSlurm() {
        assumeTrue(noSlurm.isEmpty(), () -> "no Slurm to test against: " + noSlurm.orElse("")
                + "; run .ci/slurm-up (as root) to start a single-node Slurm on this machine");
    }

    @Test
    void aSweepRunThroughSlurmLeavesTheSameResultsAsTheLocalExecutor() throws Exception {
        Path sweep = sweep("");
        Path slurmStore = tmp.resolve("slurm").resolve("store");
        Path localStore = tmp.resolve("local").resolve("store");

        StringWriter onSlurm = new StringWriter();
        long start = System.nanoTime();
        int code = harness(onSlurm, "run", sweep.toString(), "--store", slurmStore.toString(), "--executor", "slurm",
                "--poll", "1", "--progress-every", "10", "--jvm-option=-Xmx1g");
        double slurmSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, code, onSlurm.toString());
        assertTrue(onSlurm.toString().contains("finished: 6 run now, 0 done before, 0 failed, 0 skipped"), onSlurm.toString());
        System.out.printf("SlurmIntegrationTest: 6 jobs through Slurm in %.1f s%n", slurmSeconds);

        Store s = new Store(slurmStore);
        for (Path job : jobDirs(slurmStore)) {
            String id = slurmStore.relativize(job).toString();
            SlurmRecord rec = SlurmRecord.read(s, id).orElseThrow();
            assertTrue(Files.readString(s.logFile(id)).contains("[slurm] job " + rec.slurmJobId() + " on "), id);
            Map<String, Object> done = s.readDone(id).orElseThrow();
            assertEquals("harness job " + id + " --store " + s.root(), done.get("rerun"));
            assertFalse(((Number) done.get("pid")).longValue() == ProcessHandle.current().pid(), "ran in Slurm's JVM");
        }

        StringWriter local = new StringWriter();
        assertEquals(0, harness(local, "run", sweep.toString(), "--store", localStore.toString(), "--jobs", "2",
                "--jvm-option=-Xmx1g"), local.toString());
        assertEquals(outputs(localStore).keySet(), outputs(slurmStore).keySet(), "the same files");
        Map<String, Path> theirs = outputs(localStore);
        for (Map.Entry<String, Path> mine : outputs(slurmStore).entrySet()) {
            assertSame(mine.getValue(), theirs.get(mine.getKey()), mine.getKey());
        }

        StringWriter status = new StringWriter();
        assertEquals(0, harness(status, "status", sweep.toString(), "--store", slurmStore.toString()));
        assertTrue(status.toString().contains("total: {done=6}"), status.toString());

        StringWriter again = new StringWriter();
        assertEquals(0, harness(again, "run", sweep.toString(), "--store", slurmStore.toString(), "--executor", "slurm",
                "--poll", "1"), again.toString());
        assertTrue(again.toString().contains("finished: 0 run now, 6 done before"), again.toString());
        assertFalse(again.toString().contains("submitted"), again.toString());
    }

    @Test
    void aJobThatDiesBeforeRecordingAFailureIsRecordedWithItsSlurmStateAndItsDependentsAreSkipped() throws Exception {
        Path sweep = sweep("");
        Path store = tmp.resolve("dies").resolve("store");
        StringWriter out = new StringWriter();
        // The setup line ends every job's script before the harness starts: the first job dies
        // without a FAILED record, Slurm cancels the rest (their afterok can never be satisfied).
        int code = harness(out, "run", sweep.toString(), "--store", store.toString(), "--executor", "slurm",
                "--poll", "1", "--slurm", "setup=exit 42");
        assertEquals(1, code, out.toString());
        assertTrue(out.toString().contains("finished: 0 run now, 0 done before, 1 failed, 5 skipped"), out.toString());

        Store s = new Store(store);
        String features = jobDirs(store).stream().map(p -> store.relativize(p).toString())
                .filter(id -> id.startsWith("features/")).findFirst().orElseThrow();
        FailureRecord f = s.readFailed(features).orElseThrow();
        assertEquals("slurm FAILED", f.exceptionClass());
        assertTrue(f.message().contains("exit code 42:0"), f.message());
        assertTrue(f.logTail().contains("[slurm] Slurm job"), f.logTail());
    }

    @Test
    void sbatchRejectingTheScriptIsBadInputThatSaysWhatToFix() throws Exception {
        Path sweep = sweep("");
        StringWriter out = new StringWriter();
        Path store = tmp.resolve("rejected").resolve("store");
        int code = harness(out, "run", sweep.toString(), "--store", store.toString(),
                "--executor", "slurm", "--partition", "no-such-partition");
        assertEquals(2, code, out.toString());
        assertTrue(out.toString().contains("sbatch rejected") && out.toString().contains("invalid partition")
                && out.toString().contains("--partition"), out.toString());
        Store s = new Store(store);
        for (Path job : jobDirs(store)) {
            assertTrue(SlurmRecord.read(s, store.relativize(job).toString()).isEmpty(), "nothing was submitted");
        }
    }

    /** The test sweep over synthetic data shared by the tests (generated by the first run). */
    private Path sweep(String extra) throws IOException {
        Path data = shared.resolve("synthetic");
        String yaml = """
                name: slurm-it
                synthetic: { scale: tiny, seed: 0 }
                slurm: { time: "10:00", mem: 2G }
                base:
                  model: { preset: micro, block: plusplus }
                  pretrain: { corpus: %s/corpus, epochs: 1, batch_size: 32, warmup_epochs: 0, checkpoint_every: 1, device: cpu }
                  embedding: { batch_size: 64 }
                  tasks: { dir: %s/tasks, names: [SC-5h, Mri-T] }
                  probe: { seeds: 2, max_epochs: 6 }
                %s""".formatted(data, data, extra);
        return Files.writeString(tmp.resolve("slurm-it.yaml"), yaml);
    }

    /** Equal bytes, or for JSON and CSV equal apart from the timings. */
    private static void assertSame(Path mine, Path theirs, String what) throws IOException {
        String name = mine.getFileName().toString();
        if (name.endsWith(".json")) {
            assertEquals(withoutTimings(JSON.readTree(theirs.toFile())), withoutTimings(JSON.readTree(mine.toFile())), what);
        } else if (name.endsWith(".csv")) {
            assertEquals(csvWithoutTimings(theirs), csvWithoutTimings(mine), what);
        } else {
            assertTrue(Arrays.equals(Files.readAllBytes(theirs), Files.readAllBytes(mine)), what + " differs");
        }
    }

    private static JsonNode withoutTimings(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            names.stream().filter(SlurmIntegrationTest::isTiming).forEach(o::remove);
            o.forEach(SlurmIntegrationTest::withoutTimings);
        } else if (node.isArray()) {
            node.forEach(SlurmIntegrationTest::withoutTimings);
        }
        return node;
    }

    /** A timing or a statistic of timings ({@code time_in_min_mean}). */
    private static boolean isTiming(String name) {
        return TIMINGS.stream().anyMatch(name::startsWith);
    }

    private static List<List<String>> csvWithoutTimings(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            for (int i = header.size() - 1; i >= 0; i--) {
                if (isTiming(header.get(i)) && i < cells.size()) {
                    cells.remove(i);
                }
            }
            rows.add(cells);
        }
        return rows;
    }

    /** Every file under every job's out/, by its path relative to the store. */
    private static Map<String, Path> outputs(Path store) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        for (Path job : jobDirs(store)) {
            try (Stream<Path> s = Files.walk(job.resolve(Store.OUT_DIR))) {
                s.filter(Files::isRegularFile).forEach(f -> files.put(store.relativize(f).toString(), f));
            }
        }
        return files;
    }

    private static List<Path> jobDirs(Path store) throws IOException {
        List<Path> jobs = new ArrayList<>();
        for (String stage : List.of("features", "pretrain", "embed", "probe")) {
            Path dir = store.resolve(stage);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    jobs.addAll(s.sorted().toList());
                }
            }
        }
        return jobs;
    }

    private static int harness(StringWriter out, String... args) {
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }
}
