package org.audiomaepp.tasks.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audiomaepp.tasks.BadInputException;

/**
 * NumPy {@code .npy} files (format version 1.0) holding little-endian float32 arrays in C order:
 * the exchange format for features and embeddings, readable by {@code numpy.load}.
 */
public final class Npy {

    /** A float32 array and its shape. */
    public record FloatArray(float[] data, int[] shape) {
        public FloatArray {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
            }
        }

        /** Rows of a 2-D array. */
        public int rows() {
            return shape[0];
        }

        /** Columns of a 2-D array. */
        public int cols() {
            return shape.length > 1 ? shape[1] : 1;
        }

        /** Row {@code i} of a 2-D array, copied. */
        public float[] row(int i) {
            int c = cols();
            return Arrays.copyOfRange(data, i * c, (i + 1) * c);
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Writes a 2-D float32 matrix from rows of equal length. */
    public static void write(Path file, float[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, not " + cols);
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        write(file, new FloatArray(flat, new int[] {rows.length, cols}));
    }

    /** Writes a float32 array atomically (a temporary file renamed into place). */
    public static void write(Path file, FloatArray array) throws IOException {
        org.audiomaepp.core.FileTrees.writeAtomically(file, out -> {
            out.write(header(array.shape()));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : array.data()) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            out.write(buf.array(), 0, buf.position());
        });
    }

    static byte[] header(int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? dims.substring(0, dims.length() - 1) : dims.substring(0, Math.max(0, dims.length() - 2));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** Reads a little-endian float32 C-order array; anything else is an error naming the file. */
    public static FloatArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such .npy file");
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new BadInputException(file + ": not a NumPy .npy file (bad magic bytes)");
        }
        int major = bytes[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(b.getShort(8));
            offset = 10;
        } else if (major == 2 || major == 3) {
            headerLen = b.getInt(8);
            offset = 12;
        } else {
            throw new BadInputException(file + ": unsupported .npy format version " + major);
        }
        if (offset + headerLen > bytes.length) {
            throw new BadInputException(file + ": truncated .npy header");
        }
        String dict = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(dict);
        Matcher order = ORDER.matcher(dict);
        Matcher shapeM = SHAPE.matcher(dict);
        if (!descr.find() || !order.find() || !shapeM.find()) {
            throw new BadInputException(file + ": malformed .npy header: " + dict.trim());
        }
        if (!descr.group(1).equals("<f4")) {
            throw new BadInputException(file + ": holds dtype " + descr.group(1)
                    + "; expected little-endian float32 ('<f4'), e.g. numpy.save(f, a.astype('float32'))");
        }
        if (order.group(1).equals("True")) {
            throw new BadInputException(file + ": Fortran-ordered arrays are not supported; save a C-ordered copy");
        }
        String[] parts = shapeM.group(1).split(",");
        int[] shape = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        int dataStart = offset + headerLen;
        if (bytes.length - dataStart != n * 4) {
            throw new BadInputException(file + ": expected " + n * 4 + " data bytes for shape "
                    + Arrays.toString(shape) + ", found " + (bytes.length - dataStart) + " (truncated or corrupt)");
        }
        float[] data = new float[(int) n];
        b.position(dataStart);
        b.asFloatBuffer().get(data);
        return new FloatArray(data, shape);
    }
}
