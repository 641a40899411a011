package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartsTest {

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aCurveIsOnePathWithAPointPerFiniteValue() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2.0, 1.5, Double.NaN, 1.1, 1.0};
        String svg = SvgCharts.line("loss <b>", "step", "loss", x, y, "tip & more", 420, 220);
        Matcher d = Pattern.compile("<path class=\"series\" d=\"([^\"]*)\"").matcher(svg);
        assertTrue(d.find(), svg);
        assertEquals(4, d.group(1).split(" L").length, "the NaN point is left out");
        assertTrue(svg.contains("loss &lt;b&gt;") && svg.contains("tip &amp; more"), "text is escaped");
        assertFalse(svg.contains("<b>"));
    }

    @Test
    void learningRatesGetScientificTicksAndAFlatCurveStaysSmall() {
        String lr = SvgCharts.line("lr", "step", "lr", new double[] {1, 2, 3}, new double[] {0, 5e-4, 2.5e-4}, "", 420, 220);
        assertTrue(lr.contains(">5.0e-04</text>"), lr);
        String flat = SvgCharts.line("lr", "step", "lr", new double[] {1, 2, 3}, new double[] {0, 0, 0}, "", 420, 220);
        assertTrue(count(flat, "class=\"grid\"") <= 10, "a handful of grid lines, not thousands: " + count(flat, "class=\"grid\""));
        assertTrue(flat.contains("<path class=\"series\""));
    }
}
