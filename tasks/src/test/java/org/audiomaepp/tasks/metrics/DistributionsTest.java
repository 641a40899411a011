package org.audiomaepp.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistributionsTest {

    @ParameterizedTest(name = "PhiInv({0}) = {1}")
    @CsvSource({
        // tabulated standard normal quantiles
        "0.5, 0.0",
        "0.75, 0.6744897501960817",
        "0.975, 1.959963984540054",
        "0.025, -1.959963984540054",
        "0.999, 3.090232306167814",
        "1e-10, -6.361340902404056",
    })
    void normalQuantileMatchesTables(double p, double expected) {
        assertEquals(expected, NormalQuantile.of(p), 1e-12);
    }

    @ParameterizedTest(name = "t(0.975, {0}) = {1}")
    @CsvSource({
        // tabulated two-sided 95 % critical values of Student's t
        "1, 12.706205",
        "2, 4.302653",
        "4, 2.776445",
        "9, 2.262157",
        "29, 2.045230",
        "1000, 1.962339",
    })
    void studentQuantileMatchesTables(int df, double expected) {
        assertEquals(expected, StudentT.quantile(0.975, df), 5e-7);
    }

    @Test
    void halfWidthIsTTimesStandardError() {
        // values 1, 2, 3: mean 2, s = 1, n = 3 -> 4.302653 * 1 / sqrt(3) = 2.484138
        assertEquals(2.484138, StudentT.halfWidth95(new double[] {1, 2, 3}), 1e-6);
        assertEquals(Double.NaN, StudentT.halfWidth95(new double[] {0.7}));
    }
}
