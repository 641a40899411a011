package org.audiomaepp.models.mae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.audiomaepp.models.config.ModelConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParameterCountsTest {

    /** The official code's counts (project reference table: encoder side, decoder). */
    @ParameterizedTest(name = "{0}/{1} decoder {2}")
    @CsvSource({
        "tiny,  plusplus, 384, 8921856,   11937344",
        "base,  plusplus, 384, 141855744, 12158528",
        "large, plusplus, 512, 503992256, 21583248",
        "tiny,  vanilla,  384, 5351424,   7197760",
        "base,  vanilla,  384, 85106688,  7418944",
        "large, vanilla,  512, 302379008, 13168704",
        "huge,  vanilla,  512, 629765120, 13299776",
    })
    void analyticCountsReproduceTheOfficialCode(String preset, String block, int decoderWidth, long encoder,
            long decoder) {
        ModelConfig c = ModelConfig.fromMap(Map.of("preset", preset, "block", block, "decoder.width", decoderWidth));
        ParameterCounts counts = ParameterCounts.of(c);
        assertEquals(encoder, counts.encoder());
        assertEquals(decoder, counts.decoder());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "preset: micro",
        "preset: micro; block: vanilla",
        "preset: micro; tokens: frame; rope: both; ffn2_norm: own",
        "preset: mini; block: vanilla; rope: decoder",
        "preset: tiny",
        "preset: tiny; block: vanilla",
    })
    void analyticCountsEqualTheAllocatedParameters(String spec) {
        ModelConfig c = ModelConfig.fromMap(parse(spec));
        ParameterCounts counts = ParameterCounts.of(c);
        try (NDManager m = NDManager.newBaseManager(); MaskedAutoencoder mae = MaskedAutoencoder.create(c, m, 0)) {
            assertEquals(counts.encoder(), mae.encoderParameterCount());
            assertEquals(counts.decoder(), mae.decoderParameterCount());
            assertEquals(counts.total(), mae.parameters().stream().mapToLong(p -> p.size()).sum());
        }
    }

    static Map<String, Object> parse(String spec) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String kv : spec.split(";")) {
            String[] p = kv.split(":");
            m.put(p[0].trim(), p[1].trim());
        }
        return m;
    }
}
