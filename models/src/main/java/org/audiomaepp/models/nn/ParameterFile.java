package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.audiomaepp.models.BadConfigException;

/**
 * A file of named float32 tensors plus a free-form metadata string (the resolved config as JSON),
 * ending in a CRC32 so that a truncated or corrupted file is refused instead of loaded.
 *
 * <p>Layout (big-endian): magic {@code AMPPTNS1}; metadata length (int) and UTF-8 bytes; tensor
 * count (int); per tensor: name length (int) and UTF-8 bytes, rank (int), dims (long each), values
 * (float32 little-endian); then the CRC32 of every preceding byte (long). Files are written to a
 * temporary name and renamed, so a crash never leaves a half-written file under the final name.
 */
public final class ParameterFile {
    private static final byte[] MAGIC = "AMPPTNS1".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 1 << 16;

    private ParameterFile() {}

    /** One stored tensor. */
    public record Tensor(long[] shape, float[] values) {}

    /** A file's contents, tensors in stored order. */
    public record Contents(String metadata, Map<String, Tensor> tensors) {}

    /** Writes parameters (by name) with metadata. */
    public static void write(Path file, String metadata, List<NamedParameter> parameters) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (NamedParameter p : parameters) {
            arrays.put(p.name(), p.array());
        }
        writeArrays(file, metadata, arrays);
    }

    /** Writes any named float32 arrays (e.g. optimizer moments) with metadata. */
    public static void writeArrays(Path file, String metadata, Map<String, NDArray> arrays) {
        try {
            org.audiomaepp.core.FileTrees.writeAtomically(file, out -> write(out, metadata, arrays));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void write(OutputStream raw, String metadata, Map<String, NDArray> arrays) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
        out.write(MAGIC);
        writeString(out, metadata);
        out.writeInt(arrays.size());
        byte[] buffer = new byte[CHUNK * 4];
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue();
            if (a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(e.getKey() + " is " + a.getDataType() + ", not float32");
            }
            writeString(out, e.getKey());
            long[] shape = a.getShape().getShape();
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            float[] values = a.toFloatArray();
            for (int from = 0; from < values.length; from += CHUNK) {
                int n = Math.min(CHUNK, values.length - from);
                ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, from, n);
                out.write(buffer, 0, n * 4);
            }
        }
        out.flush();
        long checksum = crc.getValue();
        new DataOutputStream(raw).writeLong(checksum);
    }

    /**
     * Reads a whole file.
     *
     * @throws BadConfigException if the file is missing, not a tensor file, truncated or corrupted
     */
    public static Contents read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
            return read(raw, file);
        } catch (NoSuchFileException e) {
            throw new BadConfigException("parameter file " + file + " does not exist");
        } catch (EOFException e) {
            throw new BadConfigException("parameter file " + file + " is truncated (an interrupted copy?);"
                    + " copy or re-create it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Contents read(InputStream raw, Path file) throws IOException {
        CRC32 crc = new CRC32();
        DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new BadConfigException(file + " is not a parameter file of this project (wrong header)");
        }
        String metadata = readString(in, file);
        int count = in.readInt();
        if (count < 0) {
            throw corrupt(file);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        byte[] buffer = new byte[CHUNK * 4];
        for (int i = 0; i < count; i++) {
            String name = readString(in, file);
            int rank = in.readInt();
            if (rank < 0 || rank > 8) {
                throw corrupt(file);
            }
            long[] shape = new long[rank];
            long size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readLong();
                if (shape[d] < 0) {
                    throw corrupt(file);
                }
                size *= shape[d];
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw corrupt(file);
            }
            float[] values = new float[(int) size];
            for (int from = 0; from < values.length; from += CHUNK) {
                int n = Math.min(CHUNK, values.length - from);
                in.readFully(buffer, 0, n * 4);
                ByteBuffer.wrap(buffer, 0, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, from, n);
            }
            if (tensors.put(name, new Tensor(shape, values)) != null) {
                throw corrupt(file);
            }
        }
        long expected = crc.getValue();
        long stored = new DataInputStream(raw).readLong();
        if (stored != expected || raw.read() != -1) {
            throw corrupt(file);
        }
        return new Contents(metadata, Collections.unmodifiableMap(tensors));
    }

    private static BadConfigException corrupt(Path file) {
        return new BadConfigException("parameter file " + file + " is corrupted (checksum or structure does not"
                + " match); re-create it from its run");
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 26)) {
            throw corrupt(file);
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
