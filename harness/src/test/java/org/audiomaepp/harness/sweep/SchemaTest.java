package org.audiomaepp.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Setting;
import org.audiomaepp.models.train.PretrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema table is the one source of truth, and the documentation shows it as it is. */
class SchemaTest {

    private static final String BEGIN = "<!-- schema:begin (generated from Schema.markdown(); SchemaTest checks it) -->\n";
    private static final String END = "<!-- schema:end -->";

    @Test
    void readmeShowsTheCurrentTable() throws IOException {
        String readme = Files.readString(Path.of("..", "sweeps", "README.md"));
        int from = readme.indexOf(BEGIN);
        int to = readme.indexOf(END);
        assertTrue(from >= 0 && to > from, "sweeps/README.md needs the schema markers");
        assertEquals(Schema.markdown(), readme.substring(from + BEGIN.length(), to),
                "sweeps/README.md is out of date: paste Schema.markdown() between the markers");
    }

    @Test
    void modelPretrainAndEmbeddingKeysAreTheModelsModulesSettings() {
        List<Setting> described = new ArrayList<>(ModelConfig.SETTINGS);
        described.addAll(PretrainConfig.SETTINGS);
        described.addAll(EmbeddingConfig.SETTINGS);
        for (Setting s : described) {
            Optional<Setting> k = Schema.key(s.path());
            assertTrue(k.isPresent(), s.path() + " is described by the models module but not in the schema");
            assertEquals(s.type(), k.get().type(), s.path());
            assertEquals(s.presence(), k.get().presence(), s.path());
            assertEquals(s.defaultValue(), k.get().defaultValue(), s.path());
            assertEquals(s.choices(), k.get().choices(), s.path());
            assertEquals(s.addedLater(), k.get().addedLater(), s.path());
        }
        List<String> modelKeys = Schema.keys().stream().map(Setting::path).filter(p -> p.startsWith("model.")).toList();
        assertEquals(ModelConfig.SETTINGS.stream().map(Setting::path).toList(), modelKeys,
                "the schema's model keys are exactly ModelConfig.SETTINGS");
    }

    @Test
    void everyFieldOfTheModelRecordHasASettingAndItsDefault() {
        Map<String, Object> base = ModelConfig.of("base").settings();
        assertEquals(ModelConfig.SETTINGS.stream().map(Setting::path).sorted().toList(),
                base.keySet().stream().sorted().toList(), "ModelConfig's fields and ModelConfig.SETTINGS");
        for (Setting s : ModelConfig.SETTINGS) {
            if (s.presence() == Setting.Presence.DEFAULT) {
                assertEquals(s.defaultValue(), base.get(s.path()), s.path());
            } else {
                assertEquals(Schema.presets().get("base").width(), base.get("model.width"));
            }
        }
        Map<String, Object> embedding = EmbeddingConfig.defaults().toMap();
        assertEquals(EmbeddingConfig.SETTINGS.stream().map(Setting::name).toList(), List.copyOf(embedding.keySet()));
        EmbeddingConfig.SETTINGS.forEach(s -> assertEquals(s.defaultValue(), embedding.get(s.name()), s.path()));
        Map<String, Object> recipe = new LinkedHashMap<>(PretrainConfig.defaults().toMap());
        recipe.putIfAbsent("precision", PretrainConfig.defaults().precision().key());
        for (Setting s : PretrainConfig.SETTINGS) {
            if (s.presence() == Setting.Presence.DEFAULT && !List.of("checkpoint_every", "device").contains(s.name())) {
                Object v = recipe.get(s.name());
                assertEquals(s.defaultValue(), v instanceof Integer i ? Long.valueOf(i) : v, s.path());
            }
        }
    }

    @Test
    void everyDefaultHasItsKeysNormalizedType() {
        for (Setting k : Schema.keys()) {
            if (k.presence() == Setting.Presence.DEFAULT) {
                Class<?> expected = switch (k.type()) {
                    case INT -> Long.class;
                    case REAL -> Double.class;
                    case BOOL -> Boolean.class;
                    case ENUM, STRING, PATH -> String.class;
                    case STRING_LIST, REAL_PAIR -> List.class;
                };
                assertTrue(expected.isInstance(k.defaultValue()), k.path() + " default " + k.defaultValue());
                if (k.type() == Setting.Type.ENUM) {
                    assertTrue(k.choices().contains(k.defaultValue()), k.path());
                }
            }
        }
    }

    @Test
    void aKeyAddedLaterEntersTheResolvedConfigOnlyAwayFromItsDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: later
                base:
                  model: { preset: micro }
                  pretrain: { corpus: c, epochs: 1, batch_size: 4, warmup_epochs: 0 }
                  tasks: { dir: t, suite: synth10 }
                grid:
                  model.mlp_ratio: [4, 2]
                """);
        Sweep sweep = SweepLoader.load(file, Map.of());
        Map<String, Object> atDefault = sweep.runs().get(0).config();
        Map<String, Object> changed = sweep.runs().get(1).config();
        assertFalse(((Map<?, ?>) atDefault.get("model")).containsKey("mlp_ratio"));
        assertFalse(((Map<?, ?>) atDefault.get("model")).containsKey("input_frames"));
        assertFalse(((Map<?, ?>) atDefault.get("embedding")).containsKey("precision"));
        assertEquals(2L, ((Map<?, ?>) changed.get("model")).get("mlp_ratio"));
        Map<String, Object> model = new LinkedHashMap<>(castMap(changed.get("model")));
        assertEquals(2, ModelConfig.fromMap(model).mlpRatio());
    }

    @Test
    void presetsMatchModelSpec() {
        Schema.Preset base = Schema.presets().get("base");
        assertEquals(new Schema.Preset("base", 768, 12, 12, 384, 4, 8), base);
        assertEquals(new Schema.Preset("large", 1024, 24, 16, 512, 4, 8), Schema.presets().get("large"));
        assertEquals(List.of("model", "pretrain", "embedding", "tasks", "probe", "synthetic", "slurm"),
                Schema.sections());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
