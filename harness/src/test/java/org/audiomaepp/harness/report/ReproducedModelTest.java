package org.audiomaepp.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReproducedModelTest {
    private static final PublishedTable TABLE = PublishedTable.load();

    private static RunProvenance run(Map<String, Object> config) {
        return new RunProvenance("r", null, config, null, null, null, "cpu", null, null, null);
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({
        "base, plusplus, AudioMAE++-Base",
        "large, plusplus, AudioMAE++-Large",
        "tiny, vanilla, MAE-Tiny",
        "huge, vanilla, MAE-Huge",
        "large, vanilla, ''",
    })
    void presetAndBlockNameThePublishedModel(String preset, String block, String expected) {
        Optional<ReproducedModel> m = ReproducedModel.of(run(Map.of("model", Map.of("preset", preset, "block", block))), TABLE);
        assertEquals(expected, m.map(ReproducedModel::model).orElse(""));
    }

    @ParameterizedTest(name = "report.reproduces={0} -> {1}")
    @CsvSource({"MWMAE-Base, MWMAE-Base", "Not-A-Model, ''"})
    void anExplicitNameWinsWhenThePaperHasIt(String name, String expected) {
        RunProvenance r = run(Map.of("report", Map.of("reproduces", name), "model", Map.of("preset", "base", "block", "plusplus")));
        assertEquals(expected, ReproducedModel.of(r, TABLE).map(ReproducedModel::model).orElse(""));
    }
}
