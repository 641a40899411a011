package org.audiomaepp.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results/sweeps/NAME/manifest.json lists the expanded runs and carries fields others add. */
class ManifestTest {

    @TempDir
    Path dir;

    @Test
    void writesRunsWithAxesConfigHashAndAddedFields() throws IOException {
        Path file = dir.resolve("rope.yaml");
        Files.writeString(file, """
                name: rope
                description: a test
                base:
                  pretrain: {corpus: /c}
                  tasks: {dir: /t, suite: hear10}
                grid:
                  model.rope: [none, both]
                """);
        Sweep sweep = SweepLoader.load(file, Map.of());
        Path results = dir.resolve("results");
        Path written = Manifest.of(sweep)
                .put("rope=both", "jobs", Map.of("pretrain", "abc"))
                .putSweep("created_by", "test")
                .write(results);

        assertEquals(results.resolve("sweeps/rope/manifest.json"), written);
        JsonNode json = new ObjectMapper().readTree(written.toFile());
        assertEquals("rope", json.get("sweep").asText());
        assertEquals("a test", json.get("description").asText());
        assertEquals("model.rope", json.get("axes").get(0).asText());
        assertEquals("test", json.get("created_by").asText());
        JsonNode runs = json.get("runs");
        assertEquals(2, runs.size());
        assertEquals("rope=none", runs.get(0).get("name").asText());
        assertEquals("both", runs.get(1).get("axes").get("model.rope").asText());
        assertEquals(sweep.runs().get(1).configSha256(), runs.get(1).get("config_sha256").asText());
        assertEquals(768, runs.get(1).get("config").get("model").get("width").asInt());
        assertEquals("abc", runs.get(1).get("jobs").get("pretrain").asText());
        assertTrue(runs.get(0).get("jobs") == null);
        try (Stream<Path> files = Files.list(written.getParent())) {
            assertEquals(List.of(written), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void refusesToOverwriteItsOwnFieldsOrUnknownRuns() throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "base:\n  pretrain: {corpus: /c}\n  tasks: {dir: /t, suite: hear10}\n");
        Manifest manifest = Manifest.of(SweepLoader.load(file, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> manifest.put("base", "config", 1));
        assertThrows(IllegalArgumentException.class, () -> manifest.put("nope", "jobs", 1));
        assertThrows(IllegalArgumentException.class, () -> manifest.putSweep("runs", 1));
    }
}
