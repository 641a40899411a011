package org.audiomaepp.models.importer;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.Block;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Preset;
import org.audiomaepp.models.config.Rope;
import org.audiomaepp.models.config.RopeTables;
import org.audiomaepp.models.importer.OfficialNames.Fixed;
import org.audiomaepp.models.importer.OfficialNames.Parameter;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.train.TrainableModel;

/**
 * Turns a checkpoint into this project's model file ({@code model.bin}) with its provenance
 * ({@code import.json}). Sources: a released AudioMAE++ {@code torch.save} archive or a
 * safetensors file of its state dict (names as {@link OfficialNames}), or a model file of this
 * project (checked and copied).
 *
 * <p>Every tensor is accounted for: each parameter must be present with the shape the model needs;
 * the fixed position tables and RoPE frequencies must equal this project's own (to
 * {@value #FIXED_TOLERANCE}); a tensor the model does not use is an error, not dropped. The model
 * config is inferred from the shapes (width, depth, decoder, block kind, RoPE) and the preset whose
 * sizes match (heads are not visible in shapes and come from it), or checked against the one
 * asked for.
 */
public final class CheckpointImporter {

    /** The provenance file beside {@code model.bin}. */
    public static final String PROVENANCE_FILE = "import.json";
    /**
     * Largest difference allowed between a stored fixed table and this project's. The released code
     * computes its sin-cos tables in float32 numpy arithmetic, this project in double rounded to
     * float: they differ by up to about 3e-5 (the decoder's 1-D table at position 249, width 512).
     */
    static final double FIXED_TOLERANCE = 1e-4;

    private static final String FORMAT = "audiomaepp-import/1";
    private static final byte[] HARNESS_MAGIC = "AMPPTNS1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Pattern BLOCK = Pattern.compile("^(encoder\\.blocks|decoder\\.decoder_blocks)\\.(\\d+)\\.");

    private CheckpointImporter() {}

    /**
     * What to import as.
     *
     * @param preset   preset name whose heads (and sizes) to use, or null to infer it from the shapes
     * @param block    block kind expected, or null to infer it
     * @param expected the exact config the result must have (a sweep's model), or null
     */
    public record Options(String preset, Block block, ModelConfig expected) {
        public static Options infer() {
            return new Options(null, null, null);
        }
    }

    /**
     * @param config     the imported model's config
     * @param modelFile  the written model file
     * @param provenance the written {@code import.json}
     * @param sha256     the source file's SHA-256
     * @param format     {@code torch-zip}, {@code safetensors} or {@code harness}
     */
    public record Result(ModelConfig config, Path modelFile, Path provenance, String sha256, String format) {}

    /**
     * Imports {@code source} into {@code outDir} ({@code model.bin} and {@code import.json}).
     *
     * @throws ImportException   on an unreadable, truncated or unknown file, a refused pickle class, a
     *                           missing, misshapen, unused or differing tensor
     * @throws BadConfigException on options that contradict the checkpoint
     */
    public static Result importTo(Path source, Path outDir, Options options) {
        if (!Files.isRegularFile(source)) {
            throw new ImportException(source + ": no such file; give the path of a .pth, .safetensors or model.bin");
        }
        String format = format(source);
        String sha = sha256(source);
        Path modelFile = outDir.resolve(TrainableModel.MODEL_FILE);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", FORMAT);
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("file", source.toAbsolutePath().normalize().toString());
        src.put("sha256", sha);
        src.put("bytes", size(source));
        src.put("format", format);
        record.put("source", src);
        ModelConfig config;
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + outDir, e);
        }
        if (format.equals("harness")) {
            config = copyHarness(source, modelFile, options);
            record.put("model", config.toMap());
            record.put("mapping", "identity (a model file of this project)");
        } else {
            Map<String, StoredTensor> tensors;
            if (format.equals("torch-zip")) {
                TorchArchive.Contents contents = TorchArchive.stateDict(source);
                tensors = contents.tensors();
                src.put("state_dict", contents.stateDictKey().isEmpty() ? "(the whole file)" : contents.stateDictKey());
                record.put("ignored_entries", contents.otherEntries());
            } else {
                tensors = Safetensors.read(source);
            }
            tensors = stripPrefix(tensors, "module.");
            config = configFor(source, tensors, options);
            record.put("model", config.toMap());
            convert(source, tensors, config, modelFile, record);
        }
        writeJson(outDir.resolve(PROVENANCE_FILE), record);
        return new Result(config, modelFile, outDir.resolve(PROVENANCE_FILE), sha, format);
    }

    /** The model config a state dict describes, checked against the options. */
    static ModelConfig configFor(Path file, Map<String, StoredTensor> t, Options options) {
        StoredTensor patch = t.get("patch_embed.proj.weight");
        if (patch == null) {
            throw new ImportException(file + ": no tensor `patch_embed.proj.weight`, so not an AudioMAE++ state dict"
                    + " (its tensors start " + first(t.keySet()) + ")");
        }
        long[] ps = patch.shape();
        if (ps.length != 4 || ps[1] != 1 || ps[2] != ModelConfig.PATCH_FRAMES || ps[3] != ModelConfig.PATCH_MELS) {
            throw new ImportException(file + ": tensor `patch_embed.proj.weight` has shape " + Arrays.toString(ps)
                    + "; an AudioMAE++ patch projection is [width, 1, 4, 16] (4 frames x 16 mel bins)");
        }
        int width = (int) ps[0];
        int depth = count(t, "encoder.blocks.");
        int decDepth = count(t, "decoder.decoder_blocks.");
        StoredTensor decEmbed = require(file, t, "decoder.decoder_embed.weight");
        int decWidth = (int) decEmbed.shape()[0];
        Block block = blockOf(file, t, "encoder.blocks.0.");
        Block decBlock = blockOf(file, t, "decoder.decoder_blocks.0.");
        if (decBlock != block) {
            throw new ImportException(file + ": the encoder has " + key(block) + " blocks and the decoder "
                    + key(decBlock) + " blocks; this project builds both sides from one block kind");
        }
        String mlpName = block == Block.VANILLA ? "encoder.blocks.0.mlp.layer1.weight" : "encoder.blocks.0.ffn1.layer1.weight";
        StoredTensor mlp = require(file, t, mlpName);
        if (mlp.shape().length != 2 || mlp.shape()[0] % width != 0) {
            throw new ImportException(file + ": tensor `" + mlpName + "` has shape " + Arrays.toString(mlp.shape())
                    + "; expected [ratio x " + width + ", " + width + "]");
        }
        int mlpRatio = (int) (mlp.shape()[0] / width);
        boolean encRope = t.containsKey("encoder.blocks.0.rope.freqs");
        boolean decRope = t.containsKey("decoder.decoder_blocks.0.rope.freqs");
        if (encRope && !decRope) {
            throw new ImportException(file + ": tensor `encoder.blocks.0.rope.freqs`: RoPE in the encoder only; this"
                    + " project's model has RoPE nowhere, in the decoder, or on both sides (model.rope)");
        }
        Rope rope = encRope ? Rope.BOTH : decRope ? Rope.DECODER : Rope.NONE;
        if (options.block() != null && options.block() != block) {
            throw new ImportException(file + ": --block " + key(options.block()) + " but the checkpoint has "
                    + key(block) + " blocks (tensor `" + mlpName + "`)");
        }
        Preset preset = preset(file, options.preset(), width, depth);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset.key());
        m.put("block", key(block));
        m.put("width", width);
        m.put("depth", depth);
        m.put("mlp_ratio", mlpRatio);
        m.put("decoder.width", decWidth);
        m.put("decoder.depth", decDepth);
        m.put("rope", key(rope));
        if (rope != Rope.NONE) {
            // the released code adds its sin-cos tables and rotates q and k as well
            m.put("rope_tables", key(RopeTables.ADDED));
        }
        ModelConfig inferred = ModelConfig.fromMap(m);
        ModelConfig expected = options.expected();
        if (expected == null) {
            return inferred;
        }
        List<String> differ = new ArrayList<>();
        Map<String, Object> a = flat(inferred.toMap());
        Map<String, Object> b = flat(expected.toMap());
        for (String k : List.of("block", "width", "depth", "mlp_ratio", "decoder.width", "decoder.depth", "tokens",
                "rope", "rope_tables", "ffn2_norm", "input_frames", "mel_bins")) {
            Object x = a.getOrDefault(k, k.equals("rope_tables") ? "replaced" : null);
            Object y = b.getOrDefault(k, k.equals("rope_tables") ? "replaced" : null);
            if (!String.valueOf(x).equals(String.valueOf(y))) {
                differ.add("model." + k + ": checkpoint " + x + ", asked " + y);
            }
        }
        if (!differ.isEmpty()) {
            throw new ImportException(file + ": the checkpoint is not the model asked for (" + String.join("; ", differ)
                    + "); set the sweep's model section to match, or point pretrain.from at the right file");
        }
        return expected;
    }

    private static void convert(Path file, Map<String, StoredTensor> tensors, ModelConfig config, Path modelFile,
            Map<String, Object> record) {
        OfficialNames.Names names = OfficialNames.of(config);
        Set<String> expected = new LinkedHashSet<>();
        for (Parameter p : names.parameters()) {
            StoredTensor s = tensors.get(p.official());
            if (s == null) {
                throw new ImportException(file + ": tensor `" + p.official() + "` is missing (a " + describe(config)
                        + " needs it for `" + p.harness() + "`); the checkpoint is incomplete or of another model");
            }
            checkShape(file, s, p.shape(), config);
            expected.add(p.official());
        }
        List<Map<String, Object>> checked = new ArrayList<>();
        for (Fixed f : names.fixed()) {
            StoredTensor s = tensors.get(f.official());
            if (s == null) {
                throw new ImportException(file + ": tensor `" + f.official() + "` (" + f.what() + ") is missing; the"
                        + " released code always stores it");
            }
            checkShape(file, s, f.shape(), config);
            float[] v = s.values();
            double worst = 0;
            for (int i = 0; i < v.length; i++) {
                worst = Math.max(worst, Math.abs(v[i] - f.values()[i]));
            }
            if (!(worst <= FIXED_TOLERANCE)) {
                throw new ImportException(file + ": tensor `" + f.official() + "` differs from " + f.what()
                        + " as this project computes it (largest difference " + worst + "); the checkpoint was trained"
                        + " with other positions and cannot be reproduced here");
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("tensor", f.official());
            c.put("against", f.what());
            c.put("max_abs_difference", worst);
            checked.add(c);
            expected.add(f.official());
        }
        Set<String> unused = new TreeSet<>(tensors.keySet());
        unused.removeAll(expected);
        if (!unused.isEmpty()) {
            String one = unused.iterator().next();
            throw new ImportException(file + ": tensor `" + one + "` is not used by a " + describe(config)
                    + (unused.size() > 1 ? " (nor are " + (unused.size() - 1) + " more: " + first(unused) + ")" : "")
                    + "; the checkpoint has another structure (check --preset and --block)");
        }
        Map<String, Parameter> byHarness = new LinkedHashMap<>();
        names.parameters().forEach(p -> byHarness.put(p.harness(), p));
        List<Map<String, Object>> mapping = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
                MaskedAutoencoder mae = MaskedAutoencoder.fromSource(config, manager, (name, shape, init) -> {
                    Parameter p = byHarness.get(name);
                    if (p == null || !Arrays.equals(p.harnessShape(), shape.getShape())) {
                        throw new IllegalStateException("no official tensor for " + name + " " + shape);
                    }
                    StoredTensor s = tensors.get(p.official());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("from", p.official());
                    row.put("to", name);
                    row.put("transform", p.transform().name().toLowerCase(java.util.Locale.ROOT));
                    row.put("dtype", s.dtypeName());
                    mapping.add(row);
                    return OfficialNames.rearrange(p, s.values());
                })) {
            if (mapping.size() != names.parameters().size()) {
                throw new IllegalStateException("the model asked for " + mapping.size() + " of "
                        + names.parameters().size() + " mapped parameters");
            }
            mae.save(modelFile);
        }
        record.put("mapping", mapping);
        record.put("checked_not_copied", checked);
        List<String> notes = new ArrayList<>();
        if (config.block() == Block.PLUSPLUS) {
            notes.add("norm3 (LN3) is carried over but unused: the released forward feeds the SwiGLU from norm2"
                    + " (model.ffn2_norm: shared)" + (ln3Untrained(tensors, config) ? "; its values are the untrained"
                    + " initialization (weight 1, bias 0)" : ""));
        }
        if (config.rope() != Rope.NONE) {
            notes.add("RoPE with the sin-cos tables added as well (model.rope_tables: added), as the released code does");
        }
        notes.add("heads (" + config.heads() + " encoder, " + config.decoder().heads() + " decoder) are not visible in"
                + " tensor shapes; they come from the preset " + config.preset());
        record.put("notes", notes);
    }

    private static boolean ln3Untrained(Map<String, StoredTensor> tensors, ModelConfig c) {
        for (int i = 0; i < c.depth(); i++) {
            for (float v : tensors.get("encoder.blocks." + i + ".norm3.weight").values()) {
                if (v != 1f) {
                    return false;
                }
            }
            for (float v : tensors.get("encoder.blocks." + i + ".norm3.bias").values()) {
                if (v != 0f) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void checkShape(Path file, StoredTensor s, long[] shape, ModelConfig config) {
        if (!Arrays.equals(s.shape(), shape)) {
            throw new ImportException(file + ": tensor `" + s.name() + "` has shape " + Arrays.toString(s.shape())
                    + " but a " + describe(config) + " needs " + Arrays.toString(shape)
                    + "; the checkpoint is of another model (check --preset and --block)");
        }
    }

    private static ModelConfig copyHarness(Path source, Path modelFile, Options options) {
        ModelConfig config;
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
                MaskedAutoencoder mae = MaskedAutoencoder.load(source, manager)) {
            config = mae.config();
        }
        if (options.expected() != null && !options.expected().equals(config)) {
            throw new ImportException(source + ": holds a model of config " + config.toMap() + ", not the asked "
                    + options.expected().toMap() + "; set the sweep's model section to match");
        }
        if (options.block() != null && options.block() != config.block()) {
            throw new ImportException(source + ": holds " + key(config.block()) + " blocks, not --block "
                    + key(options.block()));
        }
        try {
            if (!source.toAbsolutePath().normalize().equals(modelFile.toAbsolutePath().normalize())) {
                Files.copy(source, modelFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + modelFile, e);
        }
        return config;
    }

    /** {@code torch-zip}, {@code safetensors} or {@code harness}, from the first bytes. */
    static String format(Path file) {
        byte[] head = new byte[16];
        int n;
        long size = size(file);
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "torch-zip";
        }
        if (n >= HARNESS_MAGIC.length && Arrays.equals(Arrays.copyOf(head, HARNESS_MAGIC.length), HARNESS_MAGIC)) {
            return "harness";
        }
        if (Safetensors.looksLike(Arrays.copyOf(head, n), size)) {
            return "safetensors";
        }
        if (n >= 3 && (head[0] & 0xff) == 0x80 && (head[1] & 0xff) == 0x02 && (head[2] & 0xff) == 0x8a) {
            throw new ImportException(file + ": unknown format: a legacy (before PyTorch 1.6) torch.save file; load it"
                    + " in PyTorch and save it again with torch.save (zip) or as safetensors");
        }
        throw new ImportException(file + ": unknown format: not a PyTorch .pth zip archive, a .safetensors file or a"
                + " model file of this project (" + (n == 0 ? "empty file" : "starts with bytes "
                + HexFormat.of().formatHex(head, 0, Math.min(n, 8))) + ")");
    }

    private static Preset preset(Path file, String asked, int width, int depth) {
        if (asked != null) {
            Preset p = Preset.of(asked);
            if (p.width != width || p.depth != depth) {
                throw new ImportException(file + ": --preset " + p.key() + " is width " + p.width + ", depth " + p.depth
                        + " but tensor `patch_embed.proj.weight` and the encoder blocks say width " + width + ", depth "
                        + depth);
            }
            return p;
        }
        for (Preset p : Preset.values()) {
            if (p.width == width && p.depth == depth) {
                return p;
            }
        }
        throw new ImportException(file + ": no preset has width " + width + " and depth " + depth
                + " (the checkpoint's); its attention heads cannot be inferred from shapes");
    }

    private static Block blockOf(Path file, Map<String, StoredTensor> t, String prefix) {
        if (t.containsKey(prefix + "mlp.layer1.weight")) {
            return Block.VANILLA;
        }
        if (t.containsKey(prefix + "ffn1.layer1.weight")) {
            if (t.containsKey(prefix + "ffn2.layer1.weight")) {
                throw new ImportException(file + ": tensor `" + prefix + "ffn2.layer1.weight`: the second feed-forward is"
                        + " a plain MLP (encoder_use_swiglu_final_ffn false), which this project does not build");
            }
            return Block.PLUSPLUS;
        }
        throw new ImportException(file + ": tensor `" + prefix + "mlp.layer1.weight` (vanilla) or `" + prefix
                + "ffn1.layer1.weight` (plusplus) is missing; cannot tell the block kind");
    }

    private static StoredTensor require(Path file, Map<String, StoredTensor> t, String name) {
        StoredTensor s = t.get(name);
        if (s == null) {
            throw new ImportException(file + ": tensor `" + name + "` is missing; the checkpoint is incomplete or of"
                    + " another model");
        }
        return s;
    }

    private static int count(Map<String, StoredTensor> t, String prefix) {
        Set<Integer> seen = new TreeSet<>();
        for (String k : t.keySet()) {
            Matcher m = BLOCK.matcher(k);
            if (k.startsWith(prefix) && m.find()) {
                seen.add(Integer.parseInt(m.group(2)));
            }
        }
        return seen.size();
    }

    private static Map<String, StoredTensor> stripPrefix(Map<String, StoredTensor> t, String prefix) {
        if (t.isEmpty() || !t.keySet().stream().allMatch(k -> k.startsWith(prefix))) {
            return t;
        }
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        t.forEach((k, v) -> out.put(k.substring(prefix.length()), new StoredTensor(v.file(), k.substring(prefix.length()),
                v.dtype(), v.shape(), v.stride(), v.offset(), v.storage())));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flat(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        if (out.remove("decoder") instanceof Map<?, ?> d) {
            ((Map<String, Object>) d).forEach((k, v) -> out.put("decoder." + k, v));
        }
        return out;
    }

    private static String describe(ModelConfig c) {
        return c.preset() + "/" + key(c.block()) + " model (width " + c.width() + ", depth " + c.depth() + ", decoder "
                + c.decoder().width() + "x" + c.decoder().depth() + ", rope " + key(c.rope()) + ")";
    }

    private static String key(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String first(Set<String> names) {
        List<String> l = new ArrayList<>(names);
        return String.join(", ", l.subList(0, Math.min(3, l.size()))) + (l.size() > 3 ? ", ..." : "");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeJson(Path file, Map<String, Object> record) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
