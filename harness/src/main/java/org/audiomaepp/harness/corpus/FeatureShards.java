package org.audiomaepp.harness.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.models.train.SpectrogramCorpus;

/**
 * The features stage: a corpus turned once into cached normalized log-mel shards.
 *
 * <pre>
 * DIR/shard-00000.npy   float32 [frames, 80], the clips of that shard one after another
 * DIR/index.csv         file,shard,offset,frames   one row per clip, in corpus order
 * DIR/features.json     what the shards were computed from (written last)
 * </pre>
 *
 * The directory is built under a temporary name and renamed into place, so a directory with the
 * final name is complete. {@code features.json} records the featurizer's id and a fingerprint of
 * the corpus (file names and sizes): a cached directory is reused only for the same corpus and
 * featurizer.
 */
public final class FeatureShards {

    /** The clip index. */
    public static final String INDEX = "index.csv";
    /** The provenance record, written last. */
    public static final String MANIFEST = "features.json";
    /** Default frames per shard: 2^19 frames = 160 MiB, about 87 minutes of audio. */
    public static final int DEFAULT_SHARD_FRAMES = 1 << 19;
    static final int FORMAT = 1;
    private static final double FRAMES_PER_SECOND = 100.0;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Progress of a build.
     *
     * @param filesDone files featurized so far
     * @param filesTotal files in the corpus
     * @param audioSeconds seconds of audio featurized so far (100 frames per second)
     * @param elapsedSeconds wall time since the build started
     */
    public record Progress(int filesDone, int filesTotal, double audioSeconds, double elapsedSeconds) {
        /** Throughput in seconds of audio per second of wall time. */
        public double audioSecondsPerSecond() {
            return elapsedSeconds > 0 ? audioSeconds / elapsedSeconds : 0;
        }
    }

    private FeatureShards() {}

    /**
     * Returns {@code dir} holding the shards of {@code corpus}, building it if it does not exist.
     *
     * @param featurizerId names the feature definition (part of the cache check)
     * @param featurizer one file's normalized log-mel, [frames][80]
     * @param shardFrames frames per shard before a new one starts
     * @param threads files featurized at once
     * @throws BadInputException if {@code dir} holds shards of another corpus or featurizer
     */
    public static Path build(CorpusFiles corpus, Path dir, String featurizerId, Function<Path, float[][]> featurizer,
            int shardFrames, int threads, Consumer<Progress> progress) throws IOException {
        String fingerprint = fingerprint(corpus);
        if (Files.exists(dir.resolve(MANIFEST))) {
            JsonNode manifest = readManifest(dir);
            if (!fingerprint.equals(manifest.path("corpus_fingerprint").asText())
                    || !featurizerId.equals(manifest.path("featurizer").asText())) {
                throw new BadInputException(dir + " holds features of another corpus or feature definition ("
                        + manifest.path("corpus").asText() + ", " + manifest.path("featurizer").asText()
                        + "): choose another features directory or delete it");
            }
            return dir;
        }
        if (Files.exists(dir) && !isEmptyDir(dir)) {
            throw new BadInputException(dir + " exists but is not a features directory (no " + MANIFEST
                    + "): choose another features directory or delete it");
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createDirectory(parent.resolve(".tmp-" + dir.getFileName() + "-" + java.util.UUID.randomUUID()));
        try {
            long frames = write(corpus, tmp, featurizer, shardFrames, threads, progress);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", FORMAT);
            manifest.put("featurizer", featurizerId);
            manifest.put("corpus", corpus.root().toString());
            manifest.put("corpus_fingerprint", fingerprint);
            manifest.put("files", corpus.files().size());
            manifest.put("frames", frames);
            manifest.put("mel_bins", SpectrogramCorpus.MEL_BINS);
            JSON.writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
            if (Files.exists(dir)) {
                Files.delete(dir);
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another process finished the same directory first; its result is used if it matches
                return build(corpus, dir, featurizerId, featurizer, shardFrames, threads, progress);
            }
        } finally {
            FileTrees.deleteTree(tmp);
        }
        return dir;
    }

    /** The manifest of a built directory. */
    static JsonNode readManifest(Path dir) {
        try {
            return JSON.readTree(dir.resolve(MANIFEST).toFile());
        } catch (IOException e) {
            throw new BadInputException(dir.resolve(MANIFEST) + " cannot be read (" + e.getMessage()
                    + "): delete " + dir + " to recompute the features");
        }
    }

    private static long write(CorpusFiles corpus, Path dir, Function<Path, float[][]> featurizer, int shardFrames,
            int threads, Consumer<Progress> progress) throws IOException {
        List<Path> files = corpus.files();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "features");
            t.setDaemon(true);
            return t;
        });
        try (Writer indexOut = Files.newBufferedWriter(dir.resolve(INDEX), StandardCharsets.UTF_8);
                CSVPrinter index = CSVFormat.DEFAULT.builder().setHeader("file", "shard", "offset", "frames").build().print(indexOut)) {
            ArrayDeque<Future<float[][]>> pending = new ArrayDeque<>();
            List<float[][]> shard = new ArrayList<>();
            int shardNo = 0;
            long shardOffset = 0;
            long total = 0;
            int next = 0;
            for (int done = 0; done < files.size(); done++) {
                while (next < files.size() && pending.size() < 2 * Math.max(1, threads)) {
                    Path f = files.get(next++);
                    pending.add(pool.submit(() -> featurizer.apply(f)));
                }
                Path file = files.get(done);
                float[][] mel = await(pending.poll(), file);
                check(mel, file);
                shard.add(mel);
                index.printRecord(corpus.nameOf(file), shardName(shardNo), shardOffset, mel.length);
                shardOffset += mel.length;
                total += mel.length;
                if (shardOffset >= shardFrames) {
                    writeShard(dir.resolve(shardName(shardNo)), shard, shardOffset);
                    shard.clear();
                    shardNo++;
                    shardOffset = 0;
                }
                progress.accept(new Progress(done + 1, files.size(), total / FRAMES_PER_SECOND, (System.nanoTime() - start) / 1e9));
            }
            if (!shard.isEmpty()) {
                writeShard(dir.resolve(shardName(shardNo)), shard, shardOffset);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    static String shardName(int n) {
        return String.format("shard-%05d.npy", n);
    }

    private static float[][] await(Future<float[][]> future, Path file) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while computing features of " + file, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("cannot compute features of " + file, e.getCause());
        }
    }

    private static void check(float[][] mel, Path file) {
        if (mel.length == 0) {
            throw new BadInputException(file + ": too short to give a single log-mel frame; remove it from the corpus");
        }
        for (float[] row : mel) {
            if (row.length != SpectrogramCorpus.MEL_BINS) {
                throw new IllegalStateException("features of " + file + " have " + row.length + " bins, not " + SpectrogramCorpus.MEL_BINS);
            }
        }
    }

    /** Writes one shard as a little-endian float32 C-order .npy of shape [frames, 80]. */
    private static void writeShard(Path file, List<float[][]> clips, long frames) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(npyHeader(frames, SpectrogramCorpus.MEL_BINS));
            ByteBuffer row = ByteBuffer.allocate(SpectrogramCorpus.MEL_BINS * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[][] clip : clips) {
                for (float[] frame : clip) {
                    row.clear();
                    row.asFloatBuffer().put(frame);
                    out.write(row.array());
                }
            }
        }
    }

    static byte[] npyHeader(long rows, int cols) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 6 + 2 + 2 + dict.length() + 1;
        String text = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static String fingerprint(CorpusFiles corpus) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : corpus.files()) {
                sha.update((corpus.nameOf(f) + "\t" + Files.size(f) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
