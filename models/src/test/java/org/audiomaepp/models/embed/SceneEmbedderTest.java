package org.audiomaepp.models.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.config.Layout;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Pad;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.audiomaepp.models.nn.Autocast;
import org.audiomaepp.models.nn.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SceneEmbedderTest {
    private static final int D = 64;
    private static NDManager base;
    private static MaskedAutoencoder patch;
    private static MaskedAutoencoder frame;

    @BeforeAll
    static void start() {
        base = NDManager.newBaseManager();
        patch = MaskedAutoencoder.create(ModelConfig.of("micro"), base, 1);
        frame = MaskedAutoencoder.create(ModelConfig.fromMap(Map.of("preset", "micro", "tokens", "frame")), base, 1);
    }

    @AfterAll
    static void stop() {
        base.close();
    }

    private static float[][] clip(int frames, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] c = new float[frames][80];
        for (float[] row : c) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) rng.nextGaussian();
            }
        }
        return c;
    }

    /** The encoder's tokens [chunks·L·D] for a clip already padded to whole chunks. */
    private static float[] encodeChunks(MaskedAutoencoder mae, float[][] padded) {
        int chunks = padded.length / 200;
        float[] flat = new float[padded.length * 80];
        for (int t = 0; t < padded.length; t++) {
            System.arraycopy(padded[t], 0, flat, t * 80, 80);
        }
        try (NDManager m = base.newSubManager()) {
            return mae.encode(m.create(flat, new Shape(chunks, 1, 200, 80))).toFloatArray();
        }
    }

    @ParameterizedTest(name = "{0} frames, {1}")
    @CsvSource({"200, ZERO, 400", "1, ZERO, 200", "250, ZERO, 400", "200, REFLECT, 200", "250, REFLECT, 400",
        "401, REFLECT, 600"})
    void zeroAlwaysPadsAndReflectPadsOnlyToTheNextMultiple(int frames, Pad pad, int expected) {
        assertEquals(expected, SceneEmbedder.pad(clip(frames, 0), 200, pad).length);
    }

    @Test
    void reflectMirrorsWithoutRepeatingTheEdgeFrame() {
        float[][] c = clip(3, 1);
        float[][] p = SceneEmbedder.pad(c, 200, Pad.REFLECT);
        assertSame(c[1], p[3]);
        assertSame(c[0], p[4]);
        assertSame(c[1], p[5]);
        assertSame(c[2], p[6]);
        float[][] z = SceneEmbedder.pad(c, 200, Pad.ZERO);
        assertArrayEquals(new float[80], z[3], 0f);
    }

    @Test
    void dimensionIsFiveWidthsForPatchesAndOneForFrames() {
        assertEquals(5 * D, new SceneEmbedder(patch, EmbeddingConfig.defaults()).dimension());
        assertEquals(D, new SceneEmbedder(frame, EmbeddingConfig.defaults()).dimension());
    }

    /**
     * Time-major: D-block k is band k averaged over time. Official: D-block k averages tokens
     * k·50 … k·50+49 of the time-major sequence, i.e. a 0.4-s segment across all bands.
     */
    @Test
    void layoutsAverageBandsOrSegmentsAsDescribed() {
        float[][] c = clip(200, 2);
        float[] tokens = encodeChunks(patch, c);
        float[] timeMajor = new SceneEmbedder(patch, new EmbeddingConfig(Pad.REFLECT, Layout.TIME_MAJOR)).embed(c);
        float[] official = new SceneEmbedder(patch, new EmbeddingConfig(Pad.REFLECT, Layout.OFFICIAL_AUDIOMAEPP))
                .embed(c);
        float[] expectedTime = new float[5 * D];
        float[] expectedOfficial = new float[5 * D];
        for (int k = 0; k < 5; k++) {
            for (int d = 0; d < D; d++) {
                double band = 0;
                double segment = 0;
                for (int s = 0; s < 50; s++) {
                    band += tokens[(s * 5 + k) * D + d];
                    segment += tokens[(k * 50 + s) * D + d];
                }
                expectedTime[k * D + d] = (float) (band / 50);
                expectedOfficial[k * D + d] = (float) (segment / 50);
            }
        }
        assertArrayEquals(expectedTime, timeMajor, 1e-5f);
        assertArrayEquals(expectedOfficial, official, 1e-5f);
        assertFalse(Arrays.equals(timeMajor, official));
    }

    @Test
    void stepsThatCameOnlyFromPaddingAreDropped() {
        float[][] c = clip(250, 3);
        float[] tokens = encodeChunks(patch, SceneEmbedder.pad(c, 200, Pad.ZERO));
        int valid = 63;
        float[] expected = new float[5 * D];
        for (int v = 0; v < 5 * D; v++) {
            double sum = 0;
            for (int step = 0; step < valid; step++) {
                sum += tokens[step * 5 * D + v];
            }
            expected[v] = (float) (sum / valid);
        }
        assertArrayEquals(expected, new SceneEmbedder(patch, EmbeddingConfig.defaults()).embed(c), 1e-5f);
    }

    @Test
    void frameTokensGiveOneStepPerTwoFrames() {
        float[][] c = clip(7, 4);
        float[] tokens = encodeChunks(frame, SceneEmbedder.pad(c, 200, Pad.ZERO));
        float[] expected = new float[D];
        for (int d = 0; d < D; d++) {
            double sum = 0;
            for (int step = 0; step < 4; step++) {
                sum += tokens[step * D + d];
            }
            expected[d] = (float) (sum / 4);
        }
        assertArrayEquals(expected, new SceneEmbedder(frame, EmbeddingConfig.defaults()).embed(c), 1e-5f);
    }

    @Test
    void batchingChunksOfManyClipsGivesTheSameEmbeddingsAsOneClipAtATime() {
        List<float[][]> clips = List.of(clip(150, 5), clip(430, 6), clip(200, 7));
        List<float[]> together = new SceneEmbedder(patch, EmbeddingConfig.defaults(), 2).embedAll(clips);
        SceneEmbedder single = new SceneEmbedder(patch, EmbeddingConfig.defaults(), 8);
        for (int i = 0; i < clips.size(); i++) {
            assertArrayEquals(single.embed(clips.get(i)), together.get(i), 1e-5f);
        }
    }

    @Test
    void fp16EmbeddingsAreFloat32ArraysCloseToTheFp32Ones() {
        List<float[][]> clips = List.of(clip(150, 5), clip(430, 6));
        SceneEmbedder embedder = new SceneEmbedder(patch, EmbeddingConfig.defaults(), 4);
        List<float[]> fp32 = embedder.embedAll(clips);
        List<float[]> fp16 = Autocast.call(Precision.FP16, () -> embedder.embedAll(clips));
        assertEquals(Precision.FP32, Autocast.current(), "the mode ends with the call");
        for (int i = 0; i < clips.size(); i++) {
            assertFalse(java.util.Arrays.equals(fp32.get(i), fp16.get(i)), "float16 products round differently");
            assertArrayEquals(fp32.get(i), fp16.get(i), 0.02f);
        }
    }
}
