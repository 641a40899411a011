package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentTTest {

    /** Two-sided 95 % critical values as printed in standard t tables (3 decimals). */
    @ParameterizedTest(name = "t(0.975, {0}) = {1}")
    @CsvSource({
        "1, 12.706", "2, 4.303", "3, 3.182", "4, 2.776", "5, 2.571", "9, 2.262",
        "10, 2.228", "19, 2.093", "29, 2.045", "60, 2.000", "120, 1.980", "100000, 1.960",
    })
    void quantileMatchesTabulatedValues(int df, double tabulated) {
        assertEquals(tabulated, StudentT.quantile(0.975, df), 5e-4);
    }

    @ParameterizedTest(name = "t(0.995, {0}) = {1}")
    @CsvSource({"1, 63.657", "5, 4.032", "9, 3.250", "30, 2.750"})
    void upperQuantilesMatchTabulatedValues(int df, double tabulated) {
        assertEquals(tabulated, StudentT.quantile(0.995, df), 5e-4);
    }

    @ParameterizedTest(name = "df={0}")
    @CsvSource({"1", "3", "9", "40"})
    void quantileIsAntisymmetricAndInvertsTheCdf(int df) {
        for (double p : new double[] {0.6, 0.9, 0.975, 0.999}) {
            double t = StudentT.quantile(p, df);
            assertEquals(-t, StudentT.quantile(1 - p, df), 1e-9);
            assertEquals(p, StudentT.cdf(t, df), 1e-10);
        }
    }

    @org.junit.jupiter.api.Test
    void halfWidthIsUndefinedForASingleSeed() {
        assertTrue(Double.isNaN(StudentT.halfWidth95(0.1, 1)));
        // Ten seeds with s = 1: 2.262 / sqrt(10) = 0.7153.
        assertEquals(0.7153, StudentT.halfWidth95(1, 10), 1e-4);
    }
}
