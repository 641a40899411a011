package org.audiomaepp.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearningRateScheduleTest {

    private static final LearningRateSchedule PAPER = LearningRateSchedule.of(PretrainConfig.defaults());

    @ParameterizedTest(name = "epoch {0} -> {1}")
    @CsvSource({
        "0,     0",
        "5,     3.0e-4",      // half-way through warm-up
        "10,    6.0e-4",      // the peak: 1.5e-4 * 1024 / 256
        "55,    3.0e-4",      // half-way through the cosine
        "100,   0",
        "32.5,  5.121320343559642e-4" // cos(pi/4): 6e-4 * (1 + 0.70710678) / 2
    })
    void warmsUpLinearlyThenDecaysAlongAHalfCosine(double epoch, double lr) {
        assertEquals(lr, PAPER.at(epoch), 1e-12);
    }

    @ParameterizedTest(name = "batch {0} -> peak {1}")
    @CsvSource({"1024, 6.0e-4", "256, 1.5e-4", "8, 4.6875e-6"})
    void peakScalesWithTheEffectiveBatch(int batch, double peak) {
        PretrainConfig c = PretrainConfig.fromMap(Map.of("batch_size", batch, "micro_batch", 1));
        assertEquals(peak, LearningRateSchedule.of(c).peak(), 1e-15);
    }
}
