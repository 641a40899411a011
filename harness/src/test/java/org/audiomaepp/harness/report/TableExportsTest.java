package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableExportsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "paper tasks: {0}")
    @ValueSource(booleans = {true, false})
    void everyLatexRowHasOneCellPerColumn(boolean paper) throws IOException {
        if (paper) {
            ReportFixtures.paperSweep(dir);
        } else {
            ReportFixtures.synthSweep(dir);
        }
        String tex = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).tex());
        String spec = tex.lines().filter(l -> l.startsWith("\\begin{tabular}")).findFirst().orElseThrow();
        int columns = spec.substring(spec.indexOf("}{") + 2, spec.lastIndexOf('}')).length();
        List<String> rows = tex.lines().filter(l -> l.endsWith("\\\\") && !l.contains("multicolumn")).toList();
        assertTrue(rows.size() >= 3, tex);
        for (String row : rows) {
            assertEquals(columns, row.split("(?<!\\\\)&", -1).length, row);
        }
        assertTrue(paper ? tex.contains("\\emph{failed}") : tex.contains("\\emph{missing}"), tex);
    }

    @Test
    void csvSaysFailedAndMissingInWords() throws IOException {
        ReportFixtures.paperSweep(dir);
        String csv = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).csv());
        String vanilla = csv.lines().filter(l -> l.startsWith("block=vanilla,")).findFirst().orElseThrow();
        assertTrue(vanilla.contains(",failed,"), vanilla);
        assertTrue(vanilla.contains(",missing,"), vanilla);
        assertEquals(1 + 2 + 20, csv.lines().count(), "header, two runs, twenty published rows");
    }
}
