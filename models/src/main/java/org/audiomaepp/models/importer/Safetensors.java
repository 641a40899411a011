package org.audiomaepp.models.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors file: an 8-byte little-endian header length N, N bytes of JSON
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the
 * tensors' bytes, little-endian and contiguous, offsets counted from the end of the header.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, DType> DTYPES = Map.of("F32", DType.F32, "F16", DType.F16, "BF16", DType.BF16,
            "F64", DType.F64);

    private Safetensors() {}

    /** Whether the file's first bytes look like a safetensors header (length, then a JSON object). */
    public static boolean looksLike(byte[] head, long fileSize) {
        if (head.length < 9) {
            return false;
        }
        long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return n > 1 && n <= fileSize - 8 && head[8] == '{';
    }

    /**
     * Reads the header and returns every tensor (read on demand).
     *
     * @throws ImportException if the header is damaged, a dtype is not a float type, or a tensor's
     *                         bytes lie beyond the end of the file (a truncated download)
     */
    public static Map<String, StoredTensor> read(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            byte[] lenBytes = new byte[8];
            raf.readFully(lenBytes);
            long n = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > size - 8 || n > Integer.MAX_VALUE) {
                throw new ImportException(file + ": safetensors header length " + n + " does not fit a file of "
                        + size + " bytes; the file is truncated or not safetensors");
            }
            byte[] header = new byte[(int) n];
            raf.readFully(header);
            JsonNode root;
            try {
                root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ImportException(file + ": the safetensors header is not valid JSON; the file is damaged");
            }
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            Map<String, StoredTensor> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (name.equals("__metadata__")) {
                    continue;
                }
                JsonNode t = e.getValue();
                DType dtype = DTYPES.get(t.path("dtype").asText());
                if (dtype == null) {
                    throw new ImportException(file + ": tensor `" + name + "` has dtype " + t.path("dtype").asText()
                            + ", not a floating-point weight (F32, F16, BF16, F64)");
                }
                JsonNode shapeNode = t.path("shape");
                long[] shape = new long[shapeNode.size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asLong();
                    count *= shape[i];
                }
                long begin = t.path("data_offsets").path(0).asLong(-1);
                long end = t.path("data_offsets").path(1).asLong(-1);
                if (begin < 0 || end < begin || end - begin != count * dtype.bytes) {
                    throw new ImportException(file + ": tensor `" + name + "` has data_offsets [" + begin + ", " + end
                            + "] that do not hold " + count + " " + dtype + " values; the file is damaged");
                }
                if (end > dataSize) {
                    throw new ImportException(file + ": tensor `" + name + "` ends at byte " + (dataStart + end)
                            + " but the file has " + size + "; the file is truncated, download it again");
                }
                long from = dataStart + begin;
                int length = Math.toIntExact(end - begin);
                out.put(name, new StoredTensor(file, name, dtype, shape, StoredTensor.contiguous(shape), 0,
                        () -> bytes(file, from, length)));
            }
            return out;
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static byte[] bytes(Path file, long from, int length) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[length];
            raf.seek(from);
            raf.readFully(b);
            return b;
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
