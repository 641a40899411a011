package org.audiomaepp.harness.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.models.train.SpectrogramCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureShardsTest {

    private static final int BINS = SpectrogramCorpus.MEL_BINS;

    @TempDir
    Path tmp;

    /** A stand-in for log-mel: a file of n bytes gives n frames whose values encode (file size, frame, bin). */
    private static float[][] fakeMel(Path file) {
        try {
            int n = (int) Files.size(file);
            float[][] mel = new float[n][BINS];
            for (int t = 0; t < n; t++) {
                for (int b = 0; b < BINS; b++) {
                    mel[t][b] = n * 1000 + t + b / 100f;
                }
            }
            return mel;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path corpus(int... sizes) throws IOException {
        Path dir = tmp.resolve("corpus");
        for (int i = 0; i < sizes.length; i++) {
            Path f = dir.resolve(i % 2 == 0 ? "a" : "b").resolve(String.format("clip%02d.wav", i));
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[sizes[i]]);
        }
        return dir;
    }

    @ParameterizedTest(name = "{0} frames per shard")
    @ValueSource(ints = {1, 7, 100, 1 << 19})
    void shardsHoldEveryClipInCorpusOrder(int shardFrames) throws IOException {
        CorpusFiles files = CorpusFiles.of(corpus(3, 12, 1, 40, 5));
        List<FeatureShards.Progress> progress = new ArrayList<>();
        Path dir = FeatureShards.build(files, tmp.resolve("features"), "fake", FeatureShardsTest::fakeMel, shardFrames, 2, progress::add);

        ShardCorpus shards = ShardCorpus.open(dir);
        assertEquals(5, shards.clipCount());
        for (int c = 0; c < 5; c++) {
            Path file = files.files().get(c);
            assertEquals(files.nameOf(file), shards.name(c));
            float[][] expected = fakeMel(file);
            assertEquals(expected.length, shards.frames(c));
            float[] all = new float[expected.length * BINS + 3];
            shards.read(c, 0, expected.length, all, 3);
            for (int t = 0; t < expected.length; t++) {
                assertArrayEquals(expected[t], java.util.Arrays.copyOfRange(all, 3 + t * BINS, 3 + (t + 1) * BINS));
            }
        }
        float[] part = new float[2 * BINS];
        int clip = files.files().indexOf(files.root().resolve("a/clip04.wav"));
        shards.read(clip, 2, 2, part, 0);
        assertEquals(5 * 1000 + 2, part[0]);
        assertEquals(5 * 1000 + 3 + 0.79f, part[2 * BINS - 1]);

        assertEquals(5, progress.size());
        FeatureShards.Progress last = progress.get(4);
        assertEquals(5, last.filesDone());
        assertEquals(5, last.filesTotal());
        assertEquals(0.61, last.audioSeconds(), 1e-9);
    }

    @Test
    void aBuiltDirectoryIsReusedForTheSameCorpusAndRefusedForAnother() throws IOException {
        Path corpusDir = corpus(3, 4);
        AtomicInteger calls = new AtomicInteger();
        Function<Path, float[][]> counting = f -> {
            calls.incrementAndGet();
            return fakeMel(f);
        };
        Path features = tmp.resolve("features");
        FeatureShards.build(CorpusFiles.of(corpusDir), features, "fake", counting, 100, 1, p -> {});
        FeatureShards.build(CorpusFiles.of(corpusDir), features, "fake", counting, 100, 1, p -> {});
        assertEquals(2, calls.get(), "the second build reuses the first");

        BadInputException other = assertThrows(BadInputException.class,
                () -> FeatureShards.build(CorpusFiles.of(corpusDir), features, "other-mel", counting, 100, 1, p -> {}));
        assertTrue(other.getMessage().contains(features.toString()), other.getMessage());
        Files.write(corpusDir.resolve("a/extra.wav"), new byte[9]);
        assertThrows(BadInputException.class,
                () -> FeatureShards.build(CorpusFiles.of(corpusDir), features, "fake", counting, 100, 1, p -> {}));
    }

    @Test
    void aFailedBuildLeavesNoFeaturesDirectory() throws IOException {
        Path corpusDir = corpus(3, 0, 4);
        Path features = tmp.resolve("features");
        BadInputException e = assertThrows(BadInputException.class,
                () -> FeatureShards.build(CorpusFiles.of(corpusDir), features, "fake", FeatureShardsTest::fakeMel, 100, 1, p -> {}));
        assertTrue(e.getMessage().contains("clip01.wav"), e.getMessage());
        assertTrue(Files.notExists(features));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(corpusDir), s.toList(), "no temporary directory is left behind");
        }
    }

    @Test
    void aTruncatedShardIsRefusedNamingIt() throws IOException {
        Path dir = FeatureShards.build(CorpusFiles.of(corpus(30)), tmp.resolve("features"), "fake", FeatureShardsTest::fakeMel, 100, 1, p -> {});
        Path shard = dir.resolve("shard-00000.npy");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        BadInputException e = assertThrows(BadInputException.class, () -> ShardCorpus.open(dir));
        assertTrue(e.getMessage().contains(shard.toString()), e.getMessage());
    }

    @Test
    void shardsAreNumpyReadable() throws IOException {
        Path dir = FeatureShards.build(CorpusFiles.of(corpus(3, 4)), tmp.resolve("features"), "fake", FeatureShardsTest::fakeMel, 100, 1, p -> {});
        org.audiomaepp.tasks.io.Npy.FloatArray a = org.audiomaepp.tasks.io.Npy.read(dir.resolve("shard-00000.npy"));
        assertArrayEquals(new int[] {7, BINS}, a.shape());
        assertEquals(3000f, a.data()[0]);
    }
}
