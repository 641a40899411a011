package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class ReportBuilderTest {
    @TempDir
    Path dir;

    @Test
    void writesSummaryHtmlAndBothExports() throws IOException {
        ReportFixtures.paperSweep(dir);
        ReportBuilder.ReportFiles files = ReportBuilder.build(dir, ReportOptions.defaults());
        for (Path p : List.of(files.summary(), files.html(), files.csv(), files.tex())) {
            assertTrue(Files.size(p) > 0, p + " is empty");
        }
    }

    @Test
    void summaryHoldsMeanAndStudentIntervalPerRunAndTask() {
        ReportFixtures.paperSweep(dir);
        List<SummaryRow> rows = SummaryCsv.read(ReportBuilder.build(dir, ReportOptions.defaults()).summary());
        SummaryRow bo = rows.stream().filter(r -> r.run().equals("block=plusplus") && r.paperTask().equals("beijing_opera"))
                .findFirst().orElseThrow();
        // Seeds score 93.4, 93.8, 94.2: mean 93.8, s = 0.4, half-width t(0.975, 2) * 0.4 / sqrt(3) = 4.3027 * 0.23094.
        assertEquals(0.938, bo.mean(), 1e-12);
        assertEquals(0.004, bo.sd(), 1e-12);
        assertEquals(4.302653 * 0.004 / Math.sqrt(3), bo.ci95(), 1e-7);
        assertEquals(3, bo.nSeeds());
        assertTrue(rows.stream().anyMatch(r -> r.metric().equals("chroma_acc") && !r.primary()), "secondary metrics kept");
        SummaryRow overall = rows.stream().filter(r -> r.run().equals("block=plusplus") && r.isOverall()).findFirst().orElseThrow();
        assertTrue(overall.mean() > 0 && overall.mean() < 100);
        assertEquals("cuda:0", overall.device());
        SummaryRow failedOverall = rows.stream().filter(r -> r.run().equals("block=vanilla") && r.isOverall()).findFirst().orElseThrow();
        assertTrue(Double.isNaN(failedOverall.mean()), "a run with a failed task has no overall score");
        assertTrue(failedOverall.note().contains("fsd50k"), failedOverall.note());
    }

    @Test
    void paperTasksArePooledWithThePublishedRowsAndTheReportSaysSo() throws IOException {
        ReportFixtures.paperSweep(dir);
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        assertTrue(html.contains("plus the 20 published rows of Table 2"), "states the pool");
        assertTrue(html.contains("are not reproduced exactly"), "states the §7 note");
        assertTrue(html.contains("AudioMAE++-Large"), "published rows shown");
        assertTrue(html.contains("reproduces AudioMAE++-Base"));
        assertTrue(html.contains("Δ to AudioMAE++-Base (paper)"));
        // Every per-task difference of the plusplus run is its offset of -0.5 points.
        assertTrue(html.contains(">-0.5</td>"));
    }

    @Test
    void poolOfRunsLeavesThePublishedRowsOutOfTheScore() throws IOException {
        ReportFixtures.paperSweep(dir);
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults().withPool(PoolChoice.RUNS)).html());
        assertTrue(html.contains("run(s) only"));
        assertTrue(html.contains("published rows are not in this report&#39;s pool"));
        assertFalse(html.contains("are not reproduced exactly"));
    }

    @Test
    void syntheticTasksDefaultToThePoolOfRunsAndSayWhy() throws IOException {
        ReportFixtures.synthSweep(dir);
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        assertTrue(html.contains("run(s) only (chosen because task(s) synth_00"), "states the reason");
        assertFalse(html.contains("class=\"published\""), "no published rows for synthetic tasks");
        assertThrows(BadInputException.class, () -> ReportBuilder.build(dir, ReportOptions.defaults().withPool(PoolChoice.PAPER)));
    }

    @Test
    void failedAndMissingCellsSaySoWithTheReasonAsTooltip() throws IOException {
        ReportFixtures.paperSweep(dir);
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        assertTrue(html.contains("<td class=\"failed\" title=\"probe job failed: java.lang.OutOfMemoryError &lt;heap&gt;\"><span class=\"v\">failed</span>"), "failed cell");
        Path synth = dir.resolve("synth");
        ReportFixtures.synthSweep(Files.createDirectories(synth));
        String html2 = Files.readString(ReportBuilder.build(synth, ReportOptions.defaults()).html());
        assertTrue(html2.contains("<td class=\"missing\" title=\"probe job not run yet\"><span class=\"v\">missing</span>"), "missing cell");
    }

    @Test
    void markupInARunNameShowsAsText() throws IOException {
        ReportFixtures.synthSweep(dir);
        ReportBuilder.ReportFiles files = ReportBuilder.build(dir, ReportOptions.defaults());
        String html = Files.readString(files.html());
        assertFalse(html.contains("<script>alert(1)</script>"), "raw markup leaked into the HTML");
        assertFalse(html.contains("<b>bold</b>"), "raw markup leaked into the HTML");
        assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"));
        String tex = Files.readString(files.tex());
        assertTrue(tex.contains("\\textless{}b\\textgreater{}bold\\textless{}/b\\textgreater{} \\& "), tex);
        assertTrue(Files.readString(files.csv()).contains(ReportFixtures.MARKUP_RUN + ",run,"), "CSV keeps the name as data");
    }

    @Test
    void ablationViewsCoverEachVaryingAxisOnly() throws IOException {
        ReportFixtures.synthSweep(dir);
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        assertTrue(html.contains("<h3>model.rope"), "the varying axis gets a view");
        assertFalse(html.contains("<h3>model.preset"), "a constant axis does not");
        assertTrue(html.contains("<svg"), "with an inline chart");
    }

    @Test
    void theReportIsSelfContained() throws IOException {
        ReportFixtures.paperSweep(dir);
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external resources");
        assertFalse(html.contains("<link "), "no linked stylesheets");
    }

    @Test
    void aResultsDirectoryWithoutScoresIsABadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> ReportBuilder.build(dir, ReportOptions.defaults()));
        assertTrue(e.getMessage().contains("scores.csv"), e.getMessage());
    }

    @Test
    void scoresAloneWithOneSeedStillMakeAReportThatSaysWhatItLacks() throws IOException {
        ScoresCsv.write(dir.resolve("scores.csv"), List.of(
                new ScoreRow("a", "synth_00", "", 0, Metric.TOP1_ACC, 0.5, true),
                new ScoreRow("b", "synth_00", "", 0, Metric.TOP1_ACC, 0.7, true)));
        ReportBuilder.ReportFiles files = ReportBuilder.build(dir, ReportOptions.defaults());
        String html = Files.readString(files.html());
        assertTrue(html.contains("No runs.json"), "says provenance is absent");
        assertTrue(html.contains("no runs.json, so the axes are unknown"));
        assertTrue(html.contains("No provenance recorded for this run"));
        assertTrue(html.contains("<span class=\"ci\">n=1</span>"), "one seed: no interval, and it says so");
        SummaryRow a = SummaryCsv.read(files.summary()).get(0);
        assertTrue(Double.isNaN(a.ci95()) && a.nSeeds() == 1);
    }

    @Test
    void aRopeAblationShowsThePapersPrintedScoreForEachSetting() throws IOException {
        ReportFixtures.paperSweep(dir);
        RunsJson.SweepRuns runs = RunsJson.read(dir.resolve("runs.json"));
        List<RunProvenance> rope = new java.util.ArrayList<>();
        String[] values = {"both", "none"};
        for (int i = 0; i < 2; i++) {
            RunProvenance p = runs.runs().get(i);
            rope.add(new RunProvenance(p.name(), java.util.Map.of("model.rope", values[i]), p.config(), p.jobKeys(),
                    p.gitCommit(), p.versions(), p.device(), p.wallSeconds(), p.command(), p.tasks()));
        }
        RunsJson.write(dir.resolve("runs.json"), new RunsJson.SweepRuns("rope", "", rope));
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        assertTrue(html.contains("s(m) printed</th>"), "the printed column appears");
        // Table 3: RoPE in both 91.4 ± 0.2, in neither 92.0 ± 0.2.
        assertTrue(html.contains("<span class=\"v\">91.4</span> <span class=\"ci\">± 0.2</span>"), "both");
        assertTrue(html.contains("<span class=\"v\">92.0</span> <span class=\"ci\">± 0.2</span>"), "none");
    }

    @Test
    void aRunWithATrainingLogShowsItsLossAndLearningRateCurves() throws IOException {
        ReportFixtures.paperSweep(dir);
        List<PretrainingJson.Point> points = ReportFixtures.pretraining(dir);
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        String section = html.substring(html.indexOf("<h2 id=\"pretraining\">"), html.indexOf("<h2 id=\"provenance\">"));
        assertTrue(section.contains("<svg") && section.contains("Training loss — block=plusplus")
                && section.contains("Learning rate — block=plusplus"), "both charts");
        java.util.regex.Matcher path = java.util.regex.Pattern.compile("<path class=\"series\" d=\"(M[^\"]*)\"").matcher(section);
        for (int chart = 0; chart < 2; chart++) {
            assertTrue(path.find(), "chart " + chart + " has a path");
            assertEquals(points.size() - 1, path.group(1).split(" L").length - 1, "one segment per point after the first");
        }
        assertTrue(section.contains("400 optimizer steps, final loss 0.002500. Drawn from 40 points"), "says what it shows");
        assertTrue(section.contains("Not pretrained here: the model comes from checkpoints/checkpoint-99.pth (sha256 0f1e2d)."),
                "a run without a log says where its model came from");
    }

    @Test
    void aRunWithoutPretrainingRecordsSaysWhy() throws IOException {
        ReportFixtures.paperSweep(dir);
        PretrainingJson.write(dir.resolve(PretrainingJson.FILE), new PretrainingJson.SweepCurves(200, List.of(
                new PretrainingJson.RunCurve("block=plusplus", "pretrain/3f2a", 0, null,
                        "pretrain job pretrain/3f2a has not finished", List.of()))));
        String html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        assertTrue(html.contains("No pretraining curve: pretrain job pretrain/3f2a has not finished."));
        Files.delete(dir.resolve(PretrainingJson.FILE));
        html = Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html());
        assertTrue(html.contains("No pretraining.json in"), "an older results directory says what it lacks");
    }

    @Test
    void theOverallIntervalIsShownAsItsBoundsWithTheMethodInTheFootnote() throws IOException {
        ReportFixtures.synthSweep(dir);
        ReportBuilder.ReportFiles files = ReportBuilder.build(dir, ReportOptions.defaults());
        String html = Files.readString(files.html());
        SummaryRow o = SummaryCsv.read(files.summary()).stream().filter(r -> r.run().equals("rope=decoder") && r.isOverall())
                .findFirst().orElseThrow();
        assertTrue(o.ci95() <= 50, "half-width within the scale: " + o.ci95());
        assertTrue(html.matches("(?s).*<span class=\"v\">" + java.util.regex.Pattern.quote(ReportModel.fmt(o.mean()))
                + "</span> <span class=\"ci\">\\[[0-9.]+, [0-9.]+\\]</span>.*"), "s(m) with its bracketed interval");
        assertTrue(html.contains("Interval of s(m): " + SvgCharts.escape(OverallScores.METHOD)), "the footnote names the method");
        assertEquals(html, Files.readString(ReportBuilder.build(dir, ReportOptions.defaults()).html()), "byte-reproducible");
    }
}
