package org.audiomaepp.models.mae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.audiomaepp.models.config.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskSamplerTest {

    private static ModelConfig config(String masking, String tokens, double ratio) {
        return ModelConfig.fromMap(Map.of("preset", "micro", "masking", masking, "tokens", tokens,
                "mask_ratio", ratio));
    }

    @ParameterizedTest(name = "{0} {1} r={2}")
    @CsvSource({
        "random, patch, 0.8,  50",
        "random, patch, 0.75, 62",
        "random, frame, 0.75, 25",
        "time,   patch, 0.8,  50",
        "time,   patch, 0.7,  75",
        "time,   frame, 0.8,  20",
        "chunk,  patch, 0.8,  50",
        "chunk,  patch, 0.75, 62",
    })
    void keepsExactlyTheSpecifiedNumberOfTokens(String masking, String tokens, double ratio, int kept) {
        ModelConfig c = config(masking, tokens, ratio);
        Mask mask = new MaskSampler(c).sample(16, 99);
        assertEquals(kept, mask.kept());
        for (int[] order : mask.order()) {
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            int[] all = new int[c.tokenCount()];
            Arrays.setAll(all, i -> i);
            assertArrayEquals(all, sorted, "a sample's order must be a permutation of the grid");
        }
    }

    @ParameterizedTest
    @CsvSource({"random", "time", "chunk"})
    void masksAreDeterminedBySeedAndDifferPerSample(String masking) {
        MaskSampler sampler = new MaskSampler(config(masking, "patch", 0.8));
        Mask a = sampler.sample(8, 1234);
        Mask b = sampler.sample(8, 1234);
        Mask c = sampler.sample(8, 1235);
        assertTrue(Arrays.deepEquals(a.order(), b.order()));
        assertFalse(Arrays.deepEquals(a.order(), c.order()));
        assertFalse(Arrays.equals(a.order()[0], a.order()[1]));
        assertArrayEquals(a.order()[3], sampler.sample(4, 1234).order()[3], "sample b does not depend on batch size");
    }

    @Test
    void timeMaskingHidesWholeTimeSteps() {
        Mask mask = new MaskSampler(config("time", "patch", 0.8)).sample(8, 5);
        for (int b = 0; b < 8; b++) {
            int maskedSteps = 0;
            for (int t = 0; t < 50; t++) {
                boolean first = mask.isMasked(b, t * 5);
                for (int f = 1; f < 5; f++) {
                    assertEquals(first, mask.isMasked(b, t * 5 + f));
                }
                maskedSteps += first ? 1 : 0;
            }
            assertEquals(40, maskedSteps);
        }
    }

    /**
     * Every masked patch lies in a fully masked c × c square (clipped at the grid's edge), except
     * fewer than c² taken from the last square to cut the count to the target; c varies in 3…5.
     */
    @ParameterizedTest
    @CsvSource({"0.8", "0.3"})
    void chunkMasksAreUnionsOfSquaresCutToTheTarget(double ratio) {
        Mask mask = new MaskSampler(config("chunk", "patch", ratio)).sample(32, 77);
        int[] sizesSeen = new int[6];
        for (int b = 0; b < 32; b++) {
            boolean[][] masked = new boolean[50][5];
            for (int g = 0; g < 250; g++) {
                masked[g / 5][g % 5] = mask.isMasked(b, g);
            }
            int size = 0;
            for (int c = 5; c >= 3 && size == 0; c--) {
                if (uncovered(masked, c) < c * c) {
                    size = c;
                }
            }
            assertTrue(size > 0, "sample " + b + " is not a union of 3×3, 4×4 or 5×5 squares");
            sizesSeen[size]++;
        }
        if (ratio < 0.5) {
            assertTrue(Arrays.stream(sizesSeen).filter(n -> n > 0).count() >= 2, Arrays.toString(sizesSeen));
        }
    }

    /** Masked cells not inside any fully masked clipped c × c window. */
    private static int uncovered(boolean[][] masked, int c) {
        int steps = masked.length;
        int freq = masked[0].length;
        boolean[][] covered = new boolean[steps][freq];
        for (int t0 = 0; t0 < steps; t0++) {
            for (int f0 = 0; f0 < freq; f0++) {
                boolean full = true;
                for (int t = t0; t < Math.min(steps, t0 + c) && full; t++) {
                    for (int f = f0; f < Math.min(freq, f0 + c); f++) {
                        full &= masked[t][f];
                    }
                }
                if (full) {
                    for (int t = t0; t < Math.min(steps, t0 + c); t++) {
                        for (int f = f0; f < Math.min(freq, f0 + c); f++) {
                            covered[t][f] = true;
                        }
                    }
                }
            }
        }
        int n = 0;
        for (int t = 0; t < steps; t++) {
            for (int f = 0; f < freq; f++) {
                n += masked[t][f] && !covered[t][f] ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void randomMaskingKeepsTokensInNoiseOrderNotGridOrder() {
        Mask mask = new MaskSampler(config("random", "patch", 0.8)).sample(4, 3);
        int[] kept = Arrays.copyOf(mask.order()[0], mask.kept());
        int[] sorted = kept.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, kept));
    }
}
