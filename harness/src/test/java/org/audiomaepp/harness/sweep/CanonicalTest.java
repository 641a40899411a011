package org.audiomaepp.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical JSON and hash that the result store identifies jobs by. */
class CanonicalTest {

    @Test
    void keyOrderDoesNotMatter() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1L);
        ab.put("b", Map.of("y", 2L, "x", 3L));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", new TreeMap<>(Map.of("x", 3L, "y", 2L)));
        ba.put("a", 1L);
        assertEquals("{\"a\":1,\"b\":{\"x\":3,\"y\":2}}", Canonical.json(ab));
        assertEquals(Canonical.json(ab), Canonical.json(ba));
        assertEquals(Canonical.sha256(ab), Canonical.sha256(ba));
    }

    @Test
    void goldenFormAndHash() {
        Map<String, Object> inner = new HashMap<>();
        inner.put("y", Arrays.asList(1, 2.5, true, null));
        inner.put("x", "q\"\n");
        Map<String, Object> value = Map.of("b", 1.5e-4, "a", inner);
        assertEquals("{\"a\":{\"x\":\"q\\\"\\n\",\"y\":[1,2.5,true,null]},\"b\":0.00015}", Canonical.json(value));
        // independently computed: python3 hashlib.sha256 of the JSON text above
        assertEquals("c7da0bbea41a72063fc4713bc4eaf529bfb211a80fe27ad9a391bd8d23d2560a", Canonical.sha256(value));
        assertEquals("7ab44b65251d851ae53c921c1aec83b09b135bcf2c26bcfa8cdb3568229d52b8",
                Canonical.sha256(Map.of("\u00e9", "\u00fc")), "non-ASCII text is hashed as UTF-8");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.0, 1.0",
        "0.1, 0.1",
        "0.8, 0.8",
        "0.75, 0.75",
        "1.5e-4, 0.00015",
        "6e-4, 0.0006",
        "0.000001, 0.000001",
        "1e-7, 1.0e-7",
        "1.25e-10, 1.25e-10",
        "123456789.0, 123456789.0",
        "1e21, 1.0e21",
        "-2.5, -2.5",
        "-0.0, 0.0",
        "0.30000000000000004, 0.30000000000000004",
        "0.3333333333333333, 0.3333333333333333",
    })
    void realsAreShortestRoundTripDecimals(double value, String expected) {
        assertEquals(expected, Canonical.json(value));
    }

    @Test
    void integersAndRealsAreDistinguishable() {
        assertEquals("1", Canonical.json(1L));
        assertEquals("1", Canonical.json(1));
        assertEquals("1.0", Canonical.json(1.0));
        assertEquals("0.5", Canonical.json(0.5f));
        assertNotEquals(Canonical.sha256(Map.of("k", 1L)), Canonical.sha256(Map.of("k", 1.0)),
                "the schema decides a key's type, so a resolved config never mixes them");
    }

    @Test
    void everyRealReadsBackExactly() {
        SplittableRandom random = new SplittableRandom(42);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(-12, 12)));
        }
        for (double d : values) {
            if (Double.isFinite(d)) {
                String text = Canonical.json(d);
                assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(text), text);
            }
        }
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("\"a\\\\b\\t\\u0001\"", Canonical.json("a\\b\t\u0001"));
    }

    @Test
    void rejectsWhatHasNoCanonicalForm() {
        assertThrows(IllegalArgumentException.class, () -> Canonical.json(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Canonical.json(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Canonical.json(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> Canonical.json(Path.of("/x")));
    }

    @Test
    void runNamesShowValuesCanonically() {
        assertEquals("0.00015", Canonical.text(1.5e-4));
        assertEquals("BO+E50", Canonical.text(List.of("BO", "E50")));
        assertEquals("12", Canonical.text(12L));
    }
}
