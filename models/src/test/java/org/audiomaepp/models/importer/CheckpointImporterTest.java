package org.audiomaepp.models.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.audiomaepp.models.config.Block;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.importer.CheckpointFiles.Pickle;
import org.audiomaepp.models.importer.CheckpointFiles.T;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.nn.NamedParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointImporterTest {

    @TempDir
    Path dir;

    private static final ModelConfig MICRO = ModelConfig.of("micro");

    private Path safetensors(String name, Map<String, T> tensors) throws IOException {
        Path f = dir.resolve(name);
        CheckpointFiles.writeSafetensors(f, tensors);
        return f;
    }

    private ImportException refused(Path file) {
        return assertThrows(ImportException.class,
                () -> CheckpointImporter.importTo(file, dir.resolve("out"), CheckpointImporter.Options.infer()));
    }

    private static void mentions(ImportException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Block.class)
    void aReleasedStateDictImportsWithEveryValueInItsPlace(Block block) throws IOException {
        ModelConfig c = ModelConfig.fromMap(Map.of("preset", "micro", "block", block.name().toLowerCase()));
        Map<String, T> sd = CheckpointFiles.stateDict(c, 3);
        Path file = safetensors("m.safetensors", sd);
        CheckpointImporter.Result r = CheckpointImporter.importTo(file, dir.resolve("out"), CheckpointImporter.Options.infer());
        assertEquals(c, r.config());
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu());
                MaskedAutoencoder mae = MaskedAutoencoder.load(r.modelFile(), m)) {
            Map<String, String> official = OfficialNames.byHarnessName(OfficialNames.of(c));
            assertEquals(official.size(), mae.parameters().size());
            for (NamedParameter p : mae.parameters()) {
                T t = sd.get(official.get(p.name()));
                float[] v = p.array().toFloatArray();
                if (p.name().equals("encoder.token_embed.weight")) {
                    // conv [D, 1, 4, 16] -> [64, D]: value (d, t·16 + m) lands at [t·16 + m, d]
                    assertEquals(t.values()[3 * 64 + 17], v[17 * c.width() + 3]);
                } else if (t.shape().length == 2 && p.array().getShape().dimension() == 2) {
                    long cols = t.shape()[1];
                    assertEquals(t.values()[(int) (2 * cols + 1)], v[(int) (1 * t.shape()[0] + 2)], p.name());
                } else {
                    assertArrayEquals(t.values(), v, p.name());
                }
            }
        }
        String provenance = Files.readString(r.provenance());
        assertTrue(provenance.contains(CheckpointImporter.sha256(file)));
        assertTrue(provenance.contains("\"from\" : \"patch_embed.proj.weight\""), provenance);
        assertTrue(provenance.contains("encoder.pos_embed"), provenance);
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Map<String, T> sd = CheckpointFiles.stateDict(MICRO, 1);
        sd.remove("encoder.blocks.1.attn.qkv_layer.weight");
        mentions(refused(safetensors("missing.safetensors", sd)), "missing.safetensors",
                "`encoder.blocks.1.attn.qkv_layer.weight` is missing");
    }

    @Test
    void aMisshapenTensorIsNamedWithBothShapes() throws IOException {
        Map<String, T> sd = CheckpointFiles.stateDict(MICRO, 1);
        sd.put("encoder.blocks.0.ffn2.project.weight", new T(new long[] {64, 169}, new float[64 * 169]));
        mentions(refused(safetensors("shape.safetensors", sd)), "shape.safetensors",
                "`encoder.blocks.0.ffn2.project.weight` has shape [64, 169]", "needs [64, 170]");
    }

    @Test
    void aTensorTheModelDoesNotUseIsAnErrorNotDropped() throws IOException {
        Map<String, T> sd = CheckpointFiles.stateDict(MICRO, 1);
        sd.put("encoder.blocks.0.extra.weight", new T(new long[] {4}, new float[4]));
        mentions(refused(safetensors("extra.safetensors", sd)), "extra.safetensors",
                "`encoder.blocks.0.extra.weight` is not used");
    }

    @Test
    void aPositionTableOtherThanThisProjectsIsRefused() throws IOException {
        Map<String, T> sd = CheckpointFiles.stateDict(MICRO, 1);
        sd.get("encoder.pos_embed").values()[64 * 7 + 5] += 0.01f;
        mentions(refused(safetensors("table.safetensors", sd)), "table.safetensors", "`encoder.pos_embed` differs");
    }

    @Test
    void aTruncatedSafetensorsFileNamesTheFirstTensorCut() throws IOException {
        Path f = safetensors("cut.safetensors", CheckpointFiles.stateDict(MICRO, 1));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 100));
        mentions(refused(f), "cut.safetensors", "`decoder.decoder_pos_embed`", "truncated"); // the last one written
    }

    @Test
    void aTruncatedTorchArchiveIsNamed() throws IOException {
        Path f = dir.resolve("checkpoint-99.pth");
        CheckpointFiles.writeTorchZip(f, new Pickle().op('}').stop(), Map.of("0", new byte[4096]));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
        mentions(refused(f), "checkpoint-99.pth", "truncated or damaged");
    }

    @Test
    void anUnknownFormatIsNamed() throws IOException {
        Path f = dir.resolve("weights.ckpt");
        Files.writeString(f, "not a checkpoint at all");
        mentions(refused(f), "weights.ckpt", "unknown format");
    }

    @Test
    void aPickledClassOutsideTheSetIsRefusedByName() throws IOException {
        Path f = dir.resolve("evil.pth");
        byte[] pickle = new Pickle().op('}').str("args").global("os", "system").str("true").op(0x85).op('R')
                .op('s').stop();
        CheckpointFiles.writeTorchZip(f, pickle, Map.of());
        mentions(refused(f), "evil.pth", "class `os.system`", "not loaded");
    }

    /**
     * {'model': OrderedDict(w = a float16 [2, 3] view with strides (1, 2) of a 6-element storage),
     *  'args': argparse.Namespace(lr=0.1)}: the namespace is skipped, the view read through its strides.
     */
    @Test
    void aHandMadeCheckpointReadsStridesFloat16AndSkipsTheNamespace() throws IOException {
        Pickle p = new Pickle().op('}').op('(')
                .str("model").global("collections", "OrderedDict").op(')').op('R')
                .op('(').str("w").global("torch._utils", "_rebuild_tensor_v2")
                .op('(')
                .op('(').str("storage").global("torch", "HalfStorage").str("0").str("cpu").small(6).op('t').op('Q')
                .small(0).small(2).small(3).op(0x86).small(1).small(2).op(0x86).op(0x89)
                .global("collections", "OrderedDict").op(')').op('R')
                .op('t').op('R').op('u')
                .op('}').str("_metadata").op('}').op('s').op('b') // an attribute of the OrderedDict, not an item
                .str("args").global("argparse", "Namespace").op(')').op(0x81)
                .op('}').str("lr").real(0.1).op('s').op('b')
                .op('u');
        ByteBuffer storage = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : new short[] {0x0000, 0x3c00, 0x4000, 0x4200, 0x4400, 0x4500}) { // 0, 1, 2, 3, 4, 5
            storage.putShort(h);
        }
        Path f = dir.resolve("hand.pth");
        CheckpointFiles.writeTorchZip(f, p.stop(), Map.of("0", storage.array()));
        TorchArchive.Contents c = TorchArchive.stateDict(f);
        assertEquals("model", c.stateDictKey());
        assertEquals(java.util.List.of("args"), c.otherEntries());
        assertEquals(java.util.Set.of("w"), c.tensors().keySet());
        StoredTensor w = c.tensors().get("w");
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, w.values());
    }

    @Test
    void aPresetThatContradictsTheShapesIsRefused() throws IOException {
        Path f = safetensors("micro.safetensors", CheckpointFiles.stateDict(MICRO, 1));
        ImportException e = assertThrows(ImportException.class, () -> CheckpointImporter.importTo(f, dir.resolve("o"),
                new CheckpointImporter.Options("tiny", null, null)));
        mentions(e, "micro.safetensors", "--preset tiny");
        ImportException b = assertThrows(ImportException.class, () -> CheckpointImporter.importTo(f, dir.resolve("o"),
                new CheckpointImporter.Options(null, Block.VANILLA, null)));
        mentions(b, "--block vanilla", "plusplus");
        assertFalse(Files.exists(dir.resolve("o").resolve("model.bin")));
    }

    @Test
    void halfPrecisionValuesWidenExactly() {
        assertEquals(1.0f, DType.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, DType.halfToFloat((short) 0xc000));
        assertEquals(65504f, DType.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, DType.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, DType.halfToFloat((short) 0x7c00));
    }

    @Test
    void aModelFileOfThisProjectIsCheckedAndCopied() throws IOException {
        Path file = dir.resolve("own.bin");
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu());
                MaskedAutoencoder mae = MaskedAutoencoder.create(MICRO, m, 1)) {
            mae.save(file);
        }
        CheckpointImporter.Result r = CheckpointImporter.importTo(file, dir.resolve("copy"),
                new CheckpointImporter.Options(null, null, MICRO));
        assertEquals("harness", r.format());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(r.modelFile()));
        ImportException e = assertThrows(ImportException.class, () -> CheckpointImporter.importTo(file,
                dir.resolve("other"), new CheckpointImporter.Options(null, null, ModelConfig.of("mini"))));
        mentions(e, "own.bin", "not the asked");
    }
}
