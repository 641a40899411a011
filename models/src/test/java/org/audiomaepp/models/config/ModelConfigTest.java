package org.audiomaepp.models.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.audiomaepp.models.BadConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ModelConfigTest {

    @ParameterizedTest
    @CsvSource({
        "tiny,  192, 12, 3,  384, 4, 8",
        "base,  768, 12, 12, 384, 4, 8",
        "large, 1024, 24, 16, 512, 4, 8",
        "huge,  1280, 32, 16, 512, 4, 8",
    })
    void paperPresetsHaveTheTableSizes(String name, int d, int depth, int heads, int dw, int dd, int dh) {
        ModelConfig c = ModelConfig.of(name);
        assertEquals(d, c.width());
        assertEquals(depth, c.depth());
        assertEquals(heads, c.heads());
        assertEquals(new DecoderConfig(dw, dd, dh), c.decoder());
        assertEquals(4, c.mlpRatio());
        assertTrue(Preset.of(name).fromPaper);
    }

    @Test
    void defaultsAreAudioMaePlusPlus() {
        ModelConfig c = ModelConfig.of("base");
        assertEquals(Block.PLUSPLUS, c.block());
        assertEquals(Tokens.PATCH, c.tokens());
        assertEquals(Masking.RANDOM, c.masking());
        assertEquals(0.8, c.maskRatio());
        assertEquals(Rope.NONE, c.rope());
        assertEquals(RopePositions.SEQUENCE, c.ropePositions());
        assertEquals(Ffn2Norm.SHARED, c.ffn2Norm());
        assertEquals(250, c.tokenCount());
        assertEquals(64, c.tokenValues());
        assertEquals(50, c.keptTokens());
    }

    @Test
    void ciPresetsAreMarkedAsNotFromThePaper() {
        assertTrue(!Preset.MICRO.fromPaper && !Preset.MINI.fromPaper);
    }

    @Test
    void nestedAndDottedDecoderKeysMeanTheSame() {
        Map<String, Object> nested = Map.of("preset", "large", "decoder", Map.of("width", 768, "heads", 12));
        Map<String, Object> dotted = Map.of("preset", "large", "decoder.width", 768, "decoder.heads", 12);
        assertEquals(ModelConfig.fromMap(nested), ModelConfig.fromMap(dotted));
        assertEquals(new DecoderConfig(768, 4, 12), ModelConfig.fromMap(nested).decoder());
    }

    @Test
    void overridesApplyOverThePreset() {
        ModelConfig c = ModelConfig.fromMap(Map.of("preset", "tiny", "block", "vanilla", "tokens", "frame",
                "mask_ratio", 0.75, "rope", "both", "rope_positions", "grid", "ffn2_norm", "own", "depth", "2"));
        assertEquals(Block.VANILLA, c.block());
        assertEquals(Tokens.FRAME, c.tokens());
        assertEquals(100, c.tokenCount());
        assertEquals(25, c.keptTokens());
        assertEquals(Rope.BOTH, c.rope());
        assertEquals(RopePositions.GRID, c.ropePositions());
        assertEquals(Ffn2Norm.OWN, c.ffn2Norm());
        assertEquals(2, c.depth());
        assertEquals(192, c.width());
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void toMapRoundTrips(Preset p) {
        ModelConfig c = ModelConfig.fromMap(Map.of("preset", p.key(), "masking", "time", "rope", "decoder"));
        assertEquals(c, ModelConfig.fromMap(c.toMap()));
    }

    @Test
    void toMapIsCanonical() {
        Map<String, Object> m = ModelConfig.fromMap(Map.of("preset", "tiny", "block", "PlusPlus")).toMap();
        assertEquals("plusplus", m.get("block"));
        assertEquals(Map.of("width", 384, "depth", 4, "heads", 8), m.get("decoder"));
    }

    @Test
    void unknownKeyNamesTheClosestValidKey() {
        BadConfigException e = assertThrows(BadConfigException.class,
                () -> ModelConfig.fromMap(Map.of("preset", "tiny", "mask_ration", 0.5)));
        assertTrue(e.getMessage().contains("`mask_ration`"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean `mask_ratio`?"), e.getMessage());
        BadConfigException nested = assertThrows(BadConfigException.class,
                () -> ModelConfig.fromMap(Map.of("preset", "tiny", "decoder", Map.of("widht", 512))));
        assertTrue(nested.getMessage().contains("did you mean `decoder.width`?"), nested.getMessage());
    }

    @Test
    void misspelledValueNamesTheClosestValidValue() {
        BadConfigException e = assertThrows(BadConfigException.class,
                () -> ModelConfig.fromMap(Map.of("preset", "tiny", "block", "plusplsu")));
        assertTrue(e.getMessage().contains("did you mean `plusplus`?"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "width=abc           | width",
        "width=12.5          | width",
        "block=wide          | vanilla, plusplus",
        "preset=colossal     | valid presets",
        "width=190           | must divide `width`",
        "decoder.heads=7     | must divide `decoder.width`",
        "heads=4;width=196;rope=both | even head size",
        "decoder.width=390;decoder.heads=10;rope=decoder | even head size",
        "mask_ratio=0        | a number in (0, 1)",
        "mask_ratio=1.0      | a number in (0, 1)",
        "mask_ratio=0.999    | keeps none of the 250 tokens",
        "tokens=frame;masking=chunk | `masking: chunk`",
        "depth=0             | an integer >= 1",
        "width=66;heads=2    | divisible by 4",
        "decoder=512         | must be a map",
    })
    void impossibleConfigsAreRejected(String overrides, String messagePart) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", "tiny");
        for (String kv : overrides.split(";")) {
            String[] p = kv.split("=");
            m.put(p[0].trim(), p[1].trim());
        }
        BadConfigException e = assertThrows(BadConfigException.class, () -> ModelConfig.fromMap(m));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void presetIsRequired() {
        assertThrows(BadConfigException.class, () -> ModelConfig.fromMap(Map.of("width", 64)));
    }

    @Test
    void embeddingConfigReadsAndWritesItsCanonicalForm() {
        EmbeddingConfig c = EmbeddingConfig.fromMap(Map.of("pad", "reflect", "layout", "official-audiomaepp"));
        assertEquals(new EmbeddingConfig(Pad.REFLECT, Layout.OFFICIAL_AUDIOMAEPP), c);
        assertEquals(Map.of("pad", "reflect", "layout", "official-audiomaepp"), c.toMap());
        assertEquals(c, EmbeddingConfig.fromMap(c.toMap()));
        assertEquals(EmbeddingConfig.defaults(), EmbeddingConfig.fromMap(Map.of()));
        BadConfigException e = assertThrows(BadConfigException.class,
                () -> EmbeddingConfig.fromMap(Map.of("layuot", "time-major")));
        assertTrue(e.getMessage().contains("did you mean `layout`?"), e.getMessage());
        assertThrows(BadConfigException.class, () -> EmbeddingConfig.fromMap(Map.of("pad", "mirror")));
    }

    @Test
    void ropeTablesAppearInTheResolvedFormOnlyWhenAdded() {
        ModelConfig replaced = ModelConfig.fromMap(Map.of("preset", "micro", "rope", "both"));
        assertEquals(RopeTables.REPLACED, replaced.ropeTables());
        assertEquals(false, replaced.toMap().containsKey("rope_tables"), "configs from before the option keep their form");
        assertEquals(false, replaced.encoderTable());
        ModelConfig added = ModelConfig.fromMap(Map.of("preset", "micro", "rope", "both", "rope_tables", "added"));
        assertEquals("added", added.toMap().get("rope_tables"));
        assertEquals(true, added.encoderTable());
        assertEquals(true, added.decoderTable());
        assertEquals(added, ModelConfig.fromMap(added.toMap()));
        assertEquals(true, ModelConfig.fromMap(Map.of("preset", "micro")).encoderTable());
    }
}
