package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.audiomaepp.harness.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsJsonTest {
    @TempDir
    Path dir;

    @Test
    void provenanceSurvivesARoundTrip() {
        ReportFixtures.synthSweep(dir);
        RunsJson.SweepRuns runs = RunsJson.read(dir.resolve("runs.json"));
        Path copy = dir.resolve("copy.json");
        RunsJson.write(copy, runs);
        assertEquals(runs, RunsJson.read(copy));
        assertEquals("tiny", runs.runs().get(0).configValue("model.preset").orElseThrow());
        assertTrue(runs.runs().get(0).onCpu());
    }

    @Test
    void readsWhatTheEngineMayWriteLoosely() throws IOException {
        // Lower-case states, numbers as axis values, fields the report does not know.
        Files.writeString(dir.resolve("runs.json"), """
                {"sweep": "s", "engineVersion": 3, "runs": [{"name": "r", "axes": {"model.mask_ratio": 0.8},
                 "device": "cuda:1", "tasks": {"esc50-v2.0.0-full": {"state": "failed", "message": "boom"}}}]}
                """);
        RunProvenance r = RunsJson.read(dir.resolve("runs.json")).runs().get(0);
        assertEquals("0.8", r.axes().get("model.mask_ratio"));
        assertEquals(RunProvenance.TaskState.FAILED, r.tasks().get("esc50-v2.0.0-full").state());
        assertEquals(false, r.onCpu());
    }

    @Test
    void brokenJsonIsABadInputNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("runs.json"), "{\"runs\": [");
        BadInputException e = assertThrows(BadInputException.class, () -> RunsJson.read(dir.resolve("runs.json")));
        assertTrue(e.getMessage().contains("runs.json"), e.getMessage());
    }
}
