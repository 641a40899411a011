package org.audiomaepp.models.train;

import org.audiomaepp.core.FileTrees;
import org.audiomaepp.models.nn.NamedParameter;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.audiomaepp.models.BadConfigException;

/**
 * A pretraining checkpoint: one directory holding {@code checkpoint.json} (step, epoch position,
 * the run's identity, the tensor table and file checksums), {@code params.bin} (the parameters)
 * and {@code optimizer.bin} (AdamW's first then second moments). Tensors are raw little-endian
 * float32 in C order, concatenated in the table's order; checksums are CRC32C.
 *
 * <p>A checkpoint is written into a temporary directory that is renamed into place, so a
 * directory with the final name is always complete.
 */
public final class Checkpoint {

    /** The metadata file; written last. */
    public static final String META_FILE = "checkpoint.json";
    static final String PARAMS_FILE = "params.bin";
    static final String OPTIMIZER_FILE = "optimizer.bin";
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a checkpoint says about itself.
     *
     * @param step optimizer steps completed
     * @param epoch epoch the next step belongs to
     * @param stepInEpoch index of the next step within that epoch
     * @param wallSeconds training wall time spent up to this checkpoint, over all sessions
     * @param identity what the run computes (recipe, model config, corpus); a resume must match it
     * @param recipe the full recipe of the session that wrote it, execution settings included
     * @param tensors parameter names, shapes and decay flags, in file order
     */
    public record Meta(long step, long epoch, long stepInEpoch, double wallSeconds, JsonNode identity, JsonNode recipe,
            List<Tensor> tensors) {}

    /** One parameter's entry in the tensor table. */
    public record Tensor(String name, long[] shape, boolean decay) {}

    private Checkpoint() {}

    /** Writes {@code dir} atomically (a sibling temporary directory renamed into place). */
    public static void write(Path dir, Meta meta, List<NamedParameter> params, AdamW optimizer) throws IOException {
        write(dir, meta, params, optimizer, null);
    }

    /**
     * {@link #write(Path, Meta, List, AdamW)}, plus the loss scaler's state when there is one
     * (fp16 runs) as {@code loss_scaler: {scale, clean_steps, skipped_steps}}.
     */
    public static void write(Path dir, Meta meta, List<NamedParameter> params, AdamW optimizer, LossScaler scaler)
            throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createDirectory(parent.resolve(".tmp-" + dir.getFileName() + "-" + java.util.UUID.randomUUID()));
        try {
            List<NDArray> paramArrays = params.stream().map(NamedParameter::array).toList();
            String paramsCrc = writeTensors(tmp.resolve(PARAMS_FILE), paramArrays);
            String optimizerCrc;
            try (NDManager scope = paramArrays.get(0).getManager().newSubManager()) {
                List<NDArray> moments = new ArrayList<>(optimizer.firstMoments(scope));
                moments.addAll(optimizer.secondMoments(scope));
                optimizerCrc = writeTensors(tmp.resolve(OPTIMIZER_FILE), moments);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", FORMAT);
            json.put("step", meta.step());
            json.put("epoch", meta.epoch());
            json.put("step_in_epoch", meta.stepInEpoch());
            json.put("optimizer_step", optimizer.stepCount());
            json.put("wall_seconds", meta.wallSeconds());
            String precision = meta.recipe() == null ? "fp32" : meta.recipe().path("precision").asText("fp32");
            json.put("precision", precision.equals("fp32") ? "float32" : precision + " (float32 weights)");
            if (scaler != null) {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("scale", scaler.state().scale());
                state.put("clean_steps", scaler.state().cleanSteps());
                state.put("skipped_steps", scaler.state().skippedSteps());
                json.put("loss_scaler", state);
            }
            json.put("identity", meta.identity());
            json.put("recipe", meta.recipe());
            List<Map<String, Object>> table = new ArrayList<>();
            for (Tensor t : meta.tensors()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", t.name());
                row.put("shape", t.shape());
                row.put("decay", t.decay());
                table.add(row);
            }
            json.put("tensors", table);
            json.put("crc32c", Map.of(PARAMS_FILE, paramsCrc, OPTIMIZER_FILE, optimizerCrc));
            JSON.writeValue(tmp.resolve(META_FILE).toFile(), json);
            FileTrees.deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.deleteTree(tmp);
        }
    }

    /** The tensor table of {@code params}, as a checkpoint records it. */
    public static List<Tensor> tensorsOf(List<NamedParameter> params) {
        return params.stream().map(p -> new Tensor(p.name(), p.array().getShape().getShape(), p.decay())).toList();
    }

    /** Reads and checks {@code dir}'s metadata; a missing or malformed file is a {@link BadConfigException} naming it. */
    public static Meta readMeta(Path dir) {
        Path file = dir.resolve(META_FILE);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw corrupt(file, "cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw corrupt(file, "is not a format-" + FORMAT + " checkpoint");
        }
        for (String key : List.of("step", "epoch", "step_in_epoch", "optimizer_step", "wall_seconds", "identity", "tensors", "crc32c")) {
            if (!root.has(key)) {
                throw corrupt(file, "lacks '" + key + "'");
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        for (JsonNode t : root.get("tensors")) {
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            tensors.add(new Tensor(t.path("name").asText(), shape, t.path("decay").asBoolean()));
        }
        return new Meta(root.get("step").asLong(), root.get("epoch").asLong(), root.get("step_in_epoch").asLong(),
                root.get("wall_seconds").asDouble(), root.get("identity"), root.path("recipe"), tensors);
    }

    /**
     * Loads {@code dir} into the live parameters and optimizer: names, shapes and checksums must
     * match, otherwise a {@link BadConfigException} names the file that does not.
     */
    public static Meta restore(Path dir, List<NamedParameter> params, AdamW optimizer) {
        return restore(dir, params, optimizer, null);
    }

    /**
     * {@link #restore(Path, List, AdamW)}, and the loss scaler's state into {@code scaler} (when
     * not null); a checkpoint without one is a {@link BadConfigException}.
     */
    public static Meta restore(Path dir, List<NamedParameter> params, AdamW optimizer, LossScaler scaler) {
        Meta meta = readMeta(dir);
        Path metaFile = dir.resolve(META_FILE);
        List<Tensor> expected = tensorsOf(params);
        if (!sameTable(expected, meta.tensors())) {
            throw new BadConfigException(metaFile + ": its parameters (" + describe(meta.tensors())
                    + ") do not match the model's (" + describe(expected) + "); it belongs to another model: "
                    + "use another output directory or delete " + dir);
        }
        JsonNode crc = readJson(metaFile).get("crc32c");
        readTensors(dir.resolve(PARAMS_FILE), crc.path(PARAMS_FILE).asText(),
                params.stream().map(NamedParameter::array).toList());
        if (optimizer != null) {
            try (NDManager scope = params.get(0).array().getManager().newSubManager()) {
                List<NDArray> first = optimizer.firstMoments(scope);
                List<NDArray> second = optimizer.secondMoments(scope);
                List<NDArray> moments = new ArrayList<>(first);
                moments.addAll(second);
                readTensors(dir.resolve(OPTIMIZER_FILE), crc.path(OPTIMIZER_FILE).asText(), moments);
                optimizer.setMoments(first, second);
            }
            optimizer.setStepCount(readJson(metaFile).get("optimizer_step").asLong());
        }
        if (scaler != null) {
            JsonNode state = readJson(metaFile).get("loss_scaler");
            if (state == null || !state.has("scale") || !state.has("clean_steps") || !state.has("skipped_steps")) {
                throw corrupt(metaFile, "lacks the loss scaler state of an fp16 run");
            }
            scaler.restore(new LossScaler.State(state.get("scale").asDouble(), state.get("clean_steps").asInt(),
                    state.get("skipped_steps").asLong()));
        }
        return meta;
    }

    private static String writeTensors(Path file, List<NDArray> arrays) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (NDArray a : arrays) {
                ByteBuffer bytes = a.toByteBuffer().order(ByteOrder.nativeOrder());
                if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                    bytes = swapToLittleEndian(bytes);
                }
                crc.update(bytes.duplicate());
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            }
            ch.force(true);
        }
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static void readTensors(Path file, String expectedCrc, List<NDArray> arrays) {
        long expectedBytes = arrays.stream().mapToLong(a -> a.size() * 4).sum();
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != expectedBytes) {
                throw corrupt(file, "should hold " + expectedBytes + " bytes but "
                        + (Files.isRegularFile(file) ? "holds " + Files.size(file) : "is missing"));
            }
            CRC32C crc = new CRC32C();
            List<ByteBuffer> buffers = new ArrayList<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (NDArray a : arrays) {
                    byte[] raw = in.readNBytes(Math.toIntExact(a.size() * 4));
                    crc.update(raw);
                    ByteBuffer buf = ByteBuffer.allocateDirect(raw.length).order(ByteOrder.LITTLE_ENDIAN);
                    buf.put(raw).flip();
                    buffers.add(buf.order(ByteOrder.nativeOrder()));
                }
            }
            if (!HexFormat.of().toHexDigits((int) crc.getValue()).equals(expectedCrc)) {
                throw corrupt(file, "fails its checksum");
            }
            for (int i = 0; i < arrays.size(); i++) {
                arrays.get(i).set(buffers.get(i));
            }
        } catch (IOException e) {
            throw corrupt(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static ByteBuffer swapToLittleEndian(ByteBuffer nativeBytes) {
        ByteBuffer out = ByteBuffer.allocate(nativeBytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        while (nativeBytes.remaining() >= 4) {
            out.putFloat(nativeBytes.getFloat());
        }
        return out.flip();
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameTable(List<Tensor> a, List<Tensor> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Tensor x = a.get(i);
            Tensor y = b.get(i);
            if (!x.name().equals(y.name()) || !Arrays.equals(x.shape(), y.shape()) || x.decay() != y.decay()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Tensor> tensors) {
        long values = tensors.stream().mapToLong(t -> Arrays.stream(t.shape()).reduce(1, (x, y) -> x * y)).sum();
        return tensors.size() + " tensors, " + values + " values";
    }

    private static BadConfigException corrupt(Path file, String what) {
        return new BadConfigException(file + " " + what + ": the checkpoint is corrupt; delete its directory ("
                + file.getParent() + ") to restart from the previous one or from scratch");
    }
}
