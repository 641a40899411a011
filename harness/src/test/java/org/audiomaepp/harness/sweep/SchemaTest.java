package org.audiomaepp.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
    void everyDefaultHasItsKeysNormalizedType() {
        for (Schema.Key k : Schema.keys()) {
            if (k.presence() == Schema.Presence.DEFAULT) {
                Class<?> expected = switch (k.type()) {
                    case INT -> Long.class;
                    case REAL -> Double.class;
                    case BOOL -> Boolean.class;
                    case ENUM, STRING, PATH -> String.class;
                    case STRING_LIST -> java.util.List.class;
                };
                assertTrue(expected.isInstance(k.defaultValue()), k.path() + " default " + k.defaultValue());
                if (k.type() == Schema.Type.ENUM) {
                    assertTrue(k.choices().contains(k.defaultValue()), k.path());
                }
            }
        }
    }

    @Test
    void presetsMatchModelSpec() {
        Schema.Preset base = Schema.presets().get("base");
        assertEquals(new Schema.Preset("base", 768, 12, 12, 384, 4, 8), base);
        assertEquals(new Schema.Preset("large", 1024, 24, 16, 512, 4, 8), Schema.presets().get("large"));
        assertEquals(java.util.List.of("model", "pretrain", "embedding", "tasks", "probe", "synthetic", "slurm"),
                Schema.sections());
    }
}
