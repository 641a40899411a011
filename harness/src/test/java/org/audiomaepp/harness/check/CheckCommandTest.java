package org.audiomaepp.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audiomaepp.harness.cli.HarnessCli;
import org.audiomaepp.harness.report.ReportBuilder;
import org.audiomaepp.harness.report.ReportFixtures;
import org.audiomaepp.harness.report.ReportOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code harness check} end to end on a synthetic CPU sweep's summary. */
class CheckCommandTest {
    @TempDir
    Path dir;

    Path results;
    Path baseline;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void sweep() throws Exception {
        results = Files.createDirectories(dir.resolve("sweeps/ci-tiny"));
        ReportFixtures.synthSweep(results);
        ReportBuilder.build(results, ReportOptions.defaults());
        baseline = dir.resolve("baselines/ci-tiny.csv");
    }

    private int run(String... args) {
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void acceptCreatesTheBaselineAndAnUnchangedSweepPasses() {
        assertEquals(0, run("check", results.toString(), "--baseline", baseline.toString(), "--accept"));
        assertTrue(Files.exists(baseline));
        assertEquals(0, run("check", results.toString(), "--baseline", baseline.toString()), out + "" + err);
        assertTrue(out.toString().contains("PASS") && out.toString().contains("exact mode"), out.toString());
    }

    @Test
    void aChangedCpuValueFailsWithATableOfWhatMoved() throws Exception {
        assertEquals(0, run("check", results.toString(), "--baseline", baseline.toString(), "--accept"));
        List<String> lines = new ArrayList<>(Files.readAllLines(baseline));
        // Nudge rope=both / synth_00 (stored 0.31) in the baseline by 1e-4.
        int i = lines.indexOf(lines.stream().filter(l -> l.startsWith("rope=both,synth_00,")).findFirst().orElseThrow());
        lines.set(i, lines.get(i).replaceFirst(",0\\.3[0-9]*,", ",0.3101,"));
        Files.write(baseline, lines);

        assertEquals(1, run("check", results.toString(), "--baseline", baseline.toString()));
        String table = out.toString();
        assertTrue(table.contains("run") && table.contains("baseline") && table.contains("allowed") && table.contains("verdict"), table);
        assertTrue(table.contains("synth_00 top1_acc") && table.contains("changed"), table);
        assertTrue(table.contains("FAIL"), table);
    }

    @Test
    void statisticalModeToleratesNoiseButNotALargeDrop() throws Exception {
        assertEquals(0, run("check", results.toString(), "--baseline", baseline.toString(), "--accept"));
        List<String> lines = new ArrayList<>(Files.readAllLines(baseline));
        int i = lines.indexOf(lines.stream().filter(l -> l.startsWith("rope=both,synth_00,")).findFirst().orElseThrow());
        lines.set(i, lines.get(i).replaceFirst(",0\\.3[0-9]*,", ",0.3101,"));
        Files.write(baseline, lines);
        assertEquals(0, run("check", results.toString(), "--baseline", baseline.toString(), "--mode", "statistical"), out.toString());

        lines.set(i, lines.get(i).replaceFirst(",0\\.3101,", ",0.45,"));
        Files.write(baseline, lines);
        assertEquals(1, run("check", results.toString(), "--baseline", baseline.toString(), "--mode", "statistical"));
        assertTrue(out.toString().contains("regressed"), out.toString());
    }

    @Test
    void acceptRewritesABaselineThatNoLongerMatches() throws Exception {
        assertEquals(0, run("check", results.toString(), "--baseline", baseline.toString(), "--accept"));
        String good = Files.readString(baseline);
        Files.writeString(baseline, good.replaceFirst("rope=both,synth_00,top1_acc,0\\.3[0-9]*,", "rope=both,synth_00,top1_acc,0.9,"));
        assertEquals(1, run("check", results.toString(), "--baseline", baseline.toString()));
        assertEquals(0, run("check", results.toString(), "--baseline", baseline.toString(), "--accept"));
        assertEquals(good, Files.readString(baseline));
        try (var files = Files.list(baseline.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aMissingRowFailsAndANewRowIsReported() throws Exception {
        assertEquals(0, run("check", results.toString(), "--baseline", baseline.toString(), "--accept"));
        List<String> lines = new ArrayList<>(Files.readAllLines(baseline));
        lines.add("rope=gone,synth_00,top1_acc,0.5,0.01,3,cpu");
        lines.removeIf(l -> l.startsWith("rope=decoder,synth_03,"));
        Files.write(baseline, lines);
        assertEquals(1, run("check", results.toString() + "/summary.csv", "--baseline", baseline.toString()));
        String table = out.toString();
        assertTrue(table.contains("rope=gone") && table.contains("missing"), table);
        assertTrue(table.contains("rope=decoder") && table.contains("new"), table);
    }

    @Test
    void aMissingBaselineIsABadInputNamingTheFix() {
        assertEquals(2, run("check", results.toString(), "--baseline", baseline.toString()));
        assertTrue(err.toString().contains("--accept"), err.toString());
    }

    @Test
    void aMissingSweepFileIsABadInputNamingIt() {
        assertEquals(2, run("check", "sweeps/no-such-sweep.yaml", "--baseline", baseline.toString()));
        assertTrue(err.toString().contains("no-such-sweep.yaml"), err.toString());
    }

    @Test
    void reportCommandWritesTheReportFromAResultsDirectory() {
        Path out2 = dir.resolve("out");
        assertEquals(0, run("report", "--results", results.toString(), "--out", out2.toString(), "--pool", "runs"));
        assertTrue(Files.exists(out2.resolve("report.html")));
        assertEquals(2, run("report", "sweeps/ci.yaml", "--results", results.toString()));
        assertTrue(err.toString().contains("not both"), err.toString());
    }
}
