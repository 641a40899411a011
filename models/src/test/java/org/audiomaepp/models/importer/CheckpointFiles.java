package org.audiomaepp.models.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.audiomaepp.models.config.ModelConfig;

/** Builds checkpoint files for tests: released-name state dicts as safetensors, hand-made pickles in torch zips. */
final class CheckpointFiles {
    private CheckpointFiles() {}

    /** A tensor to write: shape and float32 values. */
    record T(long[] shape, float[] values) {}

    /** A full released-name state dict for {@code c}: random parameters, the exact fixed tables. */
    static Map<String, T> stateDict(ModelConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, T> out = new LinkedHashMap<>();
        OfficialNames.Names names = OfficialNames.of(c);
        for (OfficialNames.Parameter p : names.parameters()) {
            long n = 1;
            for (long d : p.shape()) {
                n *= d;
            }
            float[] v = new float[(int) n];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.05 * r.nextDouble(-1, 1));
            }
            out.put(p.official(), new T(p.shape(), v));
        }
        for (OfficialNames.Fixed f : names.fixed()) {
            out.put(f.official(), new T(f.shape(), f.values().clone()));
        }
        return out;
    }

    static void writeSafetensors(Path file, Map<String, T> tensors) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, T> e : tensors.entrySet()) {
            float[] v = e.getValue().values();
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            data.write(b.array());
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("dtype", "F32");
            h.put("shape", e.getValue().shape());
            h.put("data_offsets", List.of(offset, offset + v.length * 4L));
            header.put(e.getKey(), h);
            offset += v.length * 4L;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            data.writeTo(out);
        }
    }

    /** A torch.save-style zip: {@code archive/data.pkl} and storages {@code archive/data/<key>}. */
    static void writeTorchZip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                zip.putNextEntry(new ZipEntry("archive/data/" + e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
    }

    /** Writes pickle opcodes (protocol 2) by hand. */
    static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle() {
            op(0x80).op(2);
        }

        Pickle op(int b) {
            out.write(b);
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle small(int v) {
            return op('K').op(v);
        }

        Pickle real(double v) {
            op('G');
            out.writeBytes(ByteBuffer.allocate(8).putDouble(v).array());
            return this;
        }

        byte[] stop() {
            op('.');
            return out.toByteArray();
        }
    }
}
