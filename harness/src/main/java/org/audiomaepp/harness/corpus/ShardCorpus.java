package org.audiomaepp.harness.corpus;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.models.train.SpectrogramCorpus;

/**
 * A features directory written by {@link FeatureShards}, read as a {@link SpectrogramCorpus}: the
 * shards are memory-mapped (the operating system pages them in and out), and a clip read copies
 * just the frames asked for.
 */
public final class ShardCorpus implements SpectrogramCorpus {

    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\((\\d+),\\s*(\\d+)\\)");

    private final List<String> names;
    private final FloatBuffer[] clipShards;
    private final long[] offsets;
    private final int[] frames;

    private ShardCorpus(List<String> names, FloatBuffer[] clipShards, long[] offsets, int[] frames) {
        this.names = names;
        this.clipShards = clipShards;
        this.offsets = offsets;
        this.frames = frames;
    }

    /**
     * Opens a features directory; a missing, truncated or inconsistent file is a
     * {@link BadInputException} naming it.
     */
    public static ShardCorpus open(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(FeatureShards.MANIFEST))) {
            throw new BadInputException(dir + " is not a finished features directory (no " + FeatureShards.MANIFEST
                    + "); compute it again");
        }
        Path indexFile = dir.resolve(FeatureShards.INDEX);
        Map<String, FloatBuffer> shards = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<FloatBuffer> clipShards = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        List<Integer> frames = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(indexFile, StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
                String shard = r.get("shard");
                if (shard.contains("/") || shard.contains("\\")) {
                    throw new BadInputException(indexFile + ", line " + r.getRecordNumber() + ": bad shard name " + shard);
                }
                FloatBuffer data = shards.get(shard);
                if (data == null) {
                    data = map(dir.resolve(shard));
                    shards.put(shard, data);
                }
                long offset = Long.parseLong(r.get("offset"));
                int n = Integer.parseInt(r.get("frames"));
                if (offset < 0 || n <= 0 || (offset + n) * MEL_BINS > data.capacity()) {
                    throw new BadInputException(indexFile + ", line " + r.getRecordNumber() + ": frames " + offset + "+" + n
                            + " lie outside " + shard + "; delete " + dir + " to recompute the features");
                }
                names.add(r.get("file"));
                clipShards.add(data);
                offsets.add(offset);
                frames.add(n);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException(indexFile + " is malformed (" + e.getMessage() + "); delete " + dir
                    + " to recompute the features");
        }
        return new ShardCorpus(List.copyOf(names), clipShards.toArray(FloatBuffer[]::new),
                offsets.stream().mapToLong(Long::longValue).toArray(), frames.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The index name of clip {@code clip} (its file relative to the corpus root). */
    public String name(int clip) {
        return names.get(clip);
    }

    @Override
    public int clipCount() {
        return frames.length;
    }

    @Override
    public int frames(int clip) {
        return frames[clip];
    }

    @Override
    public void read(int clip, int startFrame, int count, float[] dst, int offset) {
        if (startFrame < 0 || count < 0 || startFrame + count > frames[clip]) {
            throw new IndexOutOfBoundsException("frames " + startFrame + "+" + count + " of clip " + clip + " with " + frames[clip]);
        }
        int index = Math.toIntExact((offsets[clip] + startFrame) * MEL_BINS);
        clipShards[clip].get(index, dst, offset, count * MEL_BINS);
    }

    private static FloatBuffer map(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": shard missing; delete " + file.getParent() + " to recompute the features");
        }
        try (FileChannel ch = FileChannel.open(file)) {
            MappedByteBuffer bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            bytes.order(ByteOrder.LITTLE_ENDIAN);
            if (ch.size() < 10 || bytes.get(0) != (byte) 0x93 || bytes.get(1) != 'N' || bytes.get(6) != 1) {
                throw new BadInputException(file + ": not a version-1 .npy shard; delete " + file.getParent() + " to recompute the features");
            }
            int headerLen = Short.toUnsignedInt(bytes.getShort(8));
            byte[] header = new byte[headerLen];
            bytes.get(10, header);
            String dict = new String(header, StandardCharsets.ISO_8859_1);
            Matcher shape = SHAPE.matcher(dict);
            if (!dict.contains("'<f4'") || !dict.contains("False") || !shape.find() || Integer.parseInt(shape.group(2)) != MEL_BINS) {
                throw new BadInputException(file + ": expected a float32 [frames, " + MEL_BINS + "] shard, found " + dict.trim());
            }
            long rows = Long.parseLong(shape.group(1));
            int dataStart = 10 + headerLen;
            if (ch.size() - dataStart != rows * MEL_BINS * 4) {
                throw new BadInputException(file + ": truncated shard (" + (ch.size() - dataStart) + " data bytes for "
                        + rows + " frames); delete " + file.getParent() + " to recompute the features");
            }
            return bytes.position(dataStart).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
    }
}
