package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelInfoCommandTest extends CommandLineTestBase {
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "tiny,  plusplus, decoder.width=384, 8921856,   11937344",
        "base,  plusplus, decoder.width=384, 141855744, 12158528",
        "large, plusplus, decoder.width=512, 503992256, 21583248",
        "tiny,  vanilla,  decoder.width=384, 5351424,   7197760",
        "base,  vanilla,  decoder.width=384, 85106688,  7418944",
        "large, vanilla,  decoder.width=512, 302379008, 13168704",
        "huge,  vanilla,  decoder.width=512, 629765120, 13299776",
    })
    void jsonCountsMatchTheOfficialCode(String preset, String block, String override, long encoder, long decoder)
            throws Exception {
        assertEquals(0, run("model-info", preset, "--block", block, override, "--json"), err.toString());
        JsonNode params = new ObjectMapper().readTree(out.toString()).get("parameters");
        assertEquals(encoder, params.get("encoder").asLong());
        assertEquals(decoder, params.get("decoder").asLong());
        assertEquals(encoder + decoder, params.get("total").asLong());
    }

    @Test
    void textShowsGridAndGroupedCounts() {
        assertEquals(0, run("model-info", "base"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("141,855,744"), text);
        assertTrue(text.contains("50 time × 5 freq = 250 tokens of 64 values"), text);
        assertTrue(text.contains("3840 values"), text);
    }

    @Test
    void overridesChangeTheConfig() throws Exception {
        assertEquals(0, run("model-info", "micro", "tokens=frame", "rope=both", "mask_ratio=0.75", "--json"));
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertEquals("frame", root.get("model").get("tokens").asText());
        assertEquals(100, root.get("grid").get("tokens").asInt());
        assertEquals(25, root.get("grid").get("kept_tokens").asInt());
        assertEquals(false, root.get("from_paper").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gigantic", "tiny mask_ration=0.5", "tiny width=100", "tiny nonsense",
        "tiny --block wide", "tiny tokens=frame masking=chunk", "tiny rope=both heads=4 width=196"})
    void badPresetsKeysAndValuesExitWithTwo(String args) {
        String[] argv = ("model-info " + args).split(" ");
        assertEquals(2, run(argv));
        assertTrue(err.toString().startsWith("error: "), err.toString());
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        assertEquals(2, run("model-info", "tiny", "mask_ration=0.5"));
        assertTrue(err.toString().contains("did you mean `mask_ratio`?"), err.toString());
    }
}
