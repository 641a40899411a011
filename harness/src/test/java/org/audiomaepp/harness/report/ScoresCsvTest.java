package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.tasks.metrics.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoresCsvTest {
    @TempDir
    Path dir;

    @Test
    void rowsSurviveARoundTrip() {
        List<ScoreRow> rows = List.of(
                new ScoreRow("a, \"quoted\"", "esc50-v2.0.0-full", "esc50", 0, Metric.TOP1_ACC, 0.8125, true),
                new ScoreRow("a, \"quoted\"", "synth_00", "", 1, Metric.MAP, 0.1 + 0.2, false));
        Path f = dir.resolve("scores.csv");
        ScoresCsv.write(f, rows);
        assertEquals(rows, ScoresCsv.read(f));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a percentage instead of a fraction | r,t,,0,top1_acc,93.4,true | not a fraction in [0, 1]",
        "an unknown metric                  | r,t,,0,accuracy,0.5,true  | unknown metric 'accuracy'; known metrics: top1_acc",
        "a seed that is not a number        | r,t,,x,top1_acc,0.5,true  | seed must be an integer",
        "a bad primary flag                 | r,t,,0,top1_acc,0.5,yes   | primary must be true or false",
        "a duplicated row                   | r,t,,0,top1_acc,0.5,true  | duplicate row",
    })
    void badRowsAreRejectedNamingFileAndLine(String what, String row, String message) throws IOException {
        Path f = dir.resolve("scores.csv");
        String extra = what.startsWith("a duplicated") ? row + "\n" : "";
        Files.writeString(f, String.join(",", ScoresCsv.HEADER) + "\n" + extra + row + "\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ScoresCsv.read(f));
        assertTrue(e.getMessage().contains(f + " line "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aMissingColumnIsNamed() throws IOException {
        Path f = dir.resolve("scores.csv");
        Files.writeString(f, "run,task,seed,metric,value\nr,t,0,top1_acc,0.5\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ScoresCsv.read(f));
        assertTrue(e.getMessage().contains("[paper_task, primary]"), e.getMessage());
    }
}
