package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressTest {

    @Test
    void plainLinesArePeriodicWithRateAndEtaAndAlwaysEndWithTheLastCount() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        try (Progress p = new Progress.Lines("pretrain", "steps", 100, 400, new PrintStream(bytes, true, StandardCharsets.UTF_8), nanos::get)) {
            for (long step = 101; step <= 400; step++) {
                nanos.addAndGet(500_000_000L);
                p.update(step, "loss 0.5");
            }
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(15, lines.size(), String.join("\n", lines));
        assertEquals("pretrain: 120/400 steps (30%), 2.00 steps/s, ETA 2m20s, loss 0.5", lines.get(0));
        assertEquals("pretrain: 400/400 steps (100%), 2.00 steps/s, loss 0.5", lines.get(14));
    }

    @Test
    void anInterruptedRunStillReportsWhereItStopped() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        try (Progress p = new Progress.Lines("features", "files", 0, 10, new PrintStream(bytes, true, StandardCharsets.UTF_8), nanos::get)) {
            nanos.addAndGet(1_000_000_000L);
            p.update(3, "");
        }
        assertEquals("features: 3/10 files (30%), 3.00 files/s, ETA 2s", bytes.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void theBarRendersToItsStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = Progress.bar("pretrain", "steps", 0, 10, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            p.update(10, "loss 0.1");
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("pretrain") && out.contains("10/10") && out.contains("loss 0.1"), out);
    }

    @ParameterizedTest
    @CsvSource({"5, 5s", "59, 59s", "60, 1m00s", "3599, 59m59s", "3600, 1h00m", "90061, 25h01m"})
    void durationsAreShort(long seconds, String text) {
        assertEquals(text, Progress.Lines.duration(seconds));
    }
}
