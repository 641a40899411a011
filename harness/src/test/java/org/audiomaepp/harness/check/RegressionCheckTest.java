package org.audiomaepp.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.audiomaepp.harness.check.RegressionCheck.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegressionCheckTest {

    private static BaselineRow row(String task, double mean, double ci, String device) {
        return new BaselineRow("rope=both", task, "top1_acc", mean, ci, 3, device);
    }

    private static RegressionCheck.Result check(List<BaselineRow> base, List<BaselineRow> now, CheckMode mode) {
        return RegressionCheck.compare(base, now, new RegressionCheck.Options(mode, 1e-6, 0.5));
    }

    @Test
    void cpuRowsAreComparedExactly() {
        RegressionCheck.Result r = check(List.of(row("a", 0.5, 0.01, "cpu")), List.of(row("a", 0.5 + 2e-6, 0.01, "cpu")), CheckMode.AUTO);
        assertEquals(CheckMode.EXACT, r.mode());
        assertEquals(Verdict.CHANGED, r.rows().get(0).verdict());
        assertFalse(r.passed());
    }

    @Test
    void movedCpuValuesFromAnotherInstructionSetAreNamed() {
        List<BaselineRow> base = List.of(row("a", 0.5, 0.01, "cpu (avx2)"));
        List<BaselineRow> now = List.of(row("a", 0.5 + 1e-4, 0.01, "cpu (avx512)"));
        RegressionCheck.Result r = check(base, now, CheckMode.EXACT);
        assertEquals("note: the baseline was made with cpu_capability avx2, this run avx512",
                RegressionCheck.capabilityNote(r, base, now).orElseThrow().split(";")[0]);
        List<BaselineRow> same = List.of(row("a", 0.5 + 1e-4, 0.01, "cpu (avx2)"));
        assertTrue(RegressionCheck.capabilityNote(check(base, same, CheckMode.EXACT), base, same).isEmpty());
        List<BaselineRow> equal = List.of(row("a", 0.5, 0.01, "cpu (avx512)"));
        assertTrue(RegressionCheck.capabilityNote(check(base, equal, CheckMode.EXACT), base, equal).isEmpty());
    }

    @Test
    void aCpuRowWithItsInstructionSetMakesAutoExact() {
        RegressionCheck.Result r = check(List.of(row("a", 0.5, 0.01, "cpu (avx2)")), List.of(row("a", 0.5, 0.01, "cpu (avx512)")),
                CheckMode.AUTO);
        assertEquals(CheckMode.EXACT, r.mode());
    }

    @Test
    void exactModeAcceptsDifferencesWithinTolerance() {
        RegressionCheck.Result r = check(List.of(row("a", 0.5, 0.01, "cpu")), List.of(row("a", 0.5 + 5e-7, 0.01, "cpu")), CheckMode.AUTO);
        assertTrue(r.passed());
    }

    @Test
    void exactModeFailsOnImprovementsToo() {
        // A bit-exact run that changes at all means something changed; the baseline must be re-accepted.
        RegressionCheck.Result r = check(List.of(row("a", 0.5, 0.01, "cpu")), List.of(row("a", 0.6, 0.01, "cpu")), CheckMode.AUTO);
        assertFalse(r.passed());
    }

    @Test
    void aGpuRowMakesAutoStatistical() {
        RegressionCheck.Result r = check(List.of(row("a", 0.5, 0.01, "cuda:0")), List.of(row("a", 0.5, 0.01, "cpu")), CheckMode.AUTO);
        assertEquals(CheckMode.STATISTICAL, r.mode());
        assertTrue(r.why().contains("cuda:0"), r.why());
    }

    /** Baseline 50.0 ± ci_b points, new value ± ci_n points: allowed drop max(sqrt(ci_b² + ci_n²), 0.5). */
    @ParameterizedTest(name = "base ±{0}, new {1} ±{2} -> {3}")
    @CsvSource({
        // sqrt(0.3² + 0.4²) = 0.5: a drop of 0.49 passes, 0.51 fails
        "0.3, 49.51, 0.4, OK",
        "0.3, 49.49, 0.4, REGRESSED",
        // sqrt(3² + 4²) = 5
        "3.0, 45.1, 4.0, OK",
        "3.0, 44.9, 4.0, REGRESSED",
        // tiny intervals: the 0.5-point floor applies
        "0.01, 49.6, 0.01, OK",
        "0.01, 49.4, 0.01, REGRESSED",
        // gains never fail in statistical mode
        "0.1, 60.0, 0.1, OK",
    })
    void statisticalModeIsOneSidedWithAFloor(double ciBase, double newMean, double ciNew, Verdict expected) {
        RegressionCheck.Result r = check(List.of(row("a", 0.50, ciBase / 100, "cuda:0")),
                List.of(row("a", newMean / 100, ciNew / 100, "cuda:0")), CheckMode.STATISTICAL);
        assertEquals(expected, r.rows().get(0).verdict());
    }

    @Test
    void overallScoresAreComparedInPoints() {
        BaselineRow b = new BaselineRow("r", "overall", "normalized_score", 80.0, 0.2, 3, "cuda:0");
        BaselineRow n = new BaselineRow("r", "overall", "normalized_score", 79.6, 0.2, 3, "cuda:0");
        RegressionCheck.Result r = check(List.of(b), List.of(n), CheckMode.STATISTICAL);
        assertEquals(Verdict.OK, r.rows().get(0).verdict(), "0.4 points is within the 0.5 floor");
        assertEquals(-0.4, r.rows().get(0).delta(), 1e-9);
    }

    @Test
    void aBaselineRowMissingFromTheNewResultsFails() {
        RegressionCheck.Result r = check(List.of(row("a", 0.5, 0.01, "cpu"), row("b", 0.5, 0.01, "cpu")),
                List.of(row("a", 0.5, 0.01, "cpu")), CheckMode.AUTO);
        assertEquals(Verdict.MISSING, r.rows().get(1).verdict());
        assertFalse(r.passed());
        assertTrue(r.table().contains("missing"), r.table());
    }

    @Test
    void newRowsAreReportedWithoutFailing() {
        RegressionCheck.Result r = check(List.of(row("a", 0.5, 0.01, "cpu")),
                List.of(row("a", 0.5, 0.01, "cpu"), row("c", 0.7, 0.01, "cpu")), CheckMode.AUTO);
        assertTrue(r.passed());
        assertEquals(1, r.count(Verdict.NEW));
        assertTrue(r.table().contains("new"), r.table());
    }

    @Test
    void anOverallScoreThatBecameUndefinedRegresses() {
        BaselineRow b = new BaselineRow("r", "overall", "normalized_score", 80.0, 0.2, 3, "cuda:0");
        BaselineRow n = new BaselineRow("r", "overall", "normalized_score", Double.NaN, Double.NaN, 0, "cuda:0");
        assertEquals(Verdict.REGRESSED, check(List.of(b), List.of(n), CheckMode.STATISTICAL).rows().get(0).verdict());
        assertEquals(Verdict.CHANGED, check(List.of(b), List.of(n), CheckMode.EXACT).rows().get(0).verdict());
    }
}
