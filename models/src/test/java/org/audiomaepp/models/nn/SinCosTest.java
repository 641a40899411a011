package org.audiomaepp.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinCosTest {

    @ParameterizedTest(name = "t={0} f={1} k={2}")
    @CsvSource({"0, 0, 0", "3, 4, 5", "49, 2, 47", "17, 1, 0", "49, 4, 47"})
    void table2dEncodesFrequencyInTheFirstHalfAndTimeInTheSecond(int t, int f, int k) {
        int d = 192;
        float[] table = SinCos.table2d(d, 50, 5);
        int row = (t * 5 + f) * d;
        double omega = 1.0 / Math.pow(10000, k / 48.0);
        assertEquals(Math.sin(f * omega), table[row + k], 1e-6);
        assertEquals(Math.cos(f * omega), table[row + 48 + k], 1e-6);
        assertEquals(Math.sin(t * omega), table[row + 96 + k], 1e-6);
        assertEquals(Math.cos(t * omega), table[row + 144 + k], 1e-6);
    }

    @ParameterizedTest(name = "p={0} k={1}")
    @CsvSource({"0, 0", "1, 1", "250, 191", "99, 64"})
    void table1dIsSinThenCosOfTheTokenIndex(int p, int k) {
        int d = 384;
        float[] table = SinCos.table1d(d, 251);
        double omega = 1.0 / Math.pow(10000, k / 192.0);
        assertEquals(Math.sin(p * omega), table[p * d + k], 1e-6);
        assertEquals(Math.cos(p * omega), table[p * d + 192 + k], 1e-6);
    }
}
