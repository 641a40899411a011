package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens rendered reports in headless Chromium: the page must load without script errors and show its
 * tables. Skipped, with a message, where {@code /usr/bin/chromium} (or {@code -Dreport.chromium}) is not installed
 * ({@code apt-get install -y chromium}). Screenshots land in {@code target/report-screenshots/}.
 */
@Tag("browser")
class ReportInBrowserTest {
    /** The browser; {@code -Dreport.chromium=PATH} points elsewhere. */
    private static final Path CHROMIUM = Paths.get(System.getProperty("report.chromium", "/usr/bin/chromium"));

    @TempDir
    Path dir;

    @BeforeEach
    void needsChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM),
                "skipped: " + CHROMIUM + " is not installed (apt-get update && apt-get install -y chromium)");
    }

    @Test
    void paperReportLoadsWithoutErrorsAndShowsItsTables() throws Exception {
        ReportFixtures.paperSweep(dir);
        ReportFixtures.pretraining(dir);
        Path html = ReportBuilder.build(dir, ReportOptions.defaults()).html();
        Browser out = chromium(html, "--dump-dom");
        assertLoadedCleanly(out);
        assertEquals(2, count(out.stdout, "<path class=\"series\""), "the pretraining curves rendered");
        assertEquals(20, count(out.stdout, "<tr class=\"published\">"), "the 20 published rows");
        assertEquals(2, count(out.stdout, "<tr class=\"run\">"), "both runs");
        assertTrue(out.stdout.contains("<td class=\"failed\""), "the failed cell");
        screenshot(html, "paper-report.png");
    }

    @Test
    void syntheticReportWithMarkupInANameLoadsWithoutErrors() throws Exception {
        ReportFixtures.synthSweep(dir);
        Path html = ReportBuilder.build(dir, ReportOptions.defaults()).html();
        Browser out = chromium(html, "--dump-dom");
        assertLoadedCleanly(out);
        assertEquals(3, count(out.stdout, "<tr class=\"run\">"));
        assertTrue(out.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is text in the DOM");
        assertTrue(count(out.stdout, "<svg") >= 11, "ablation charts rendered");
        screenshot(html, "synthetic-report.png");
    }

    private static void assertLoadedCleanly(Browser out) {
        assertTrue(out.stdout.contains("data-loaded=\"true\""), "the load handler ran:\n" + out.stderr);
        assertTrue(out.stdout.contains("data-errors=\"0\""), "script errors on the page:\n" + out.stderr);
        Matcher tables = Pattern.compile("data-tables=\"(\\d+)\"").matcher(out.stdout);
        assertTrue(tables.find() && Integer.parseInt(tables.group(1)) >= 2, "tables in the DOM");
        List<String> consoleErrors = out.stderr.lines()
                .filter(l -> l.contains("CONSOLE") && (l.contains("Uncaught") || l.contains("ERROR:CONSOLE"))).toList();
        assertTrue(consoleErrors.isEmpty(), "console errors: " + consoleErrors);
        assertFalse(out.stdout.isBlank());
    }

    private void screenshot(Path html, String name) throws Exception {
        Path png = dir.resolve(name);
        chromium(html, "--screenshot=" + png, "--window-size=1400,2200", "--hide-scrollbars");
        assertTrue(Files.size(png) > 10_000, "screenshot written");
        Path keep = Paths.get("target", "report-screenshots");
        Files.createDirectories(keep);
        Files.copy(png, keep.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private record Browser(String stdout, String stderr) {}

    private Browser chromium(Path html, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri().toString());
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        // A guard against a hung browser, not a timing assertion.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not exit within 120 s: " + cmd);
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium failed:\n" + err);
        return new Browser(Files.readString(stdout, StandardCharsets.UTF_8), err);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
