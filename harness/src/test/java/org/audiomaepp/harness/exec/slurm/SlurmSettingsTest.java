package org.audiomaepp.harness.exec.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.harness.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which setting wins for a stage's resources, and how command-line values are checked. */
class SlurmSettingsTest {

    /** The sweep file's section: an hour and 4G for every job, the pretraining on a GPU for 12 hours. */
    static final Map<String, Object> SWEEP = Map.of(
            "time", "1:00:00", "mem", "4G", "partition", "cpu", "account", "lab", "extra", List.of("--qos=low"),
            "setup", List.of("module load java"),
            "pretrain", Map.of("time", "12:00:00", "gpus", 1L, "partition", "gpu", "extra", List.of("--constraint=a100")));

    @ParameterizedTest(name = "{0}.{1} with {2} -> {3}")
    @CsvSource(nullValues = "null", value = {
        "probe, time, null, 1:00:00",
        "pretrain, time, null, 12:00:00",
        "pretrain, partition, null, gpu",
        "probe, partition, null, cpu",
        "pretrain, time, time=2:00:00, 2:00:00",
        "pretrain, time, pretrain.time=1-00:00, 1-00:00",
        "probe, time, pretrain.time=1-00:00, 1:00:00",
        "probe, mem, mem=8G, 8G",
        "embed, account, account=other, other",
    })
    void theMostSpecificCommandLineSettingWinsThenTheSweepFiles(String stage, String resource, String override,
            String expected) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (override != null) {
            String[] kv = override.split("=", 2);
            SlurmSettings.put(o, kv[0], SlurmSettings.parse(kv[0], kv[1], "--slurm " + override));
        }
        SlurmResources r = SlurmSettings.of(SWEEP, o).forStage(stage);
        Object actual = switch (resource) {
            case "time" -> r.time();
            case "partition" -> r.partition();
            case "mem" -> r.mem();
            case "account" -> r.account();
            default -> throw new IllegalArgumentException(resource);
        };
        assertEquals(expected, actual);
    }

    @Test
    void gpusPickTheDeviceAndExtraOptionsAddUpFromGeneralToSpecific() {
        Map<String, Object> o = new LinkedHashMap<>();
        SlurmSettings.put(o, "extra", SlurmSettings.parse("extra", "--qos=high", "--sbatch-extra"));
        SlurmSettings settings = SlurmSettings.of(SWEEP, o);
        SlurmResources pretrain = settings.forStage("pretrain");
        assertEquals("gpu:0", pretrain.device());
        assertEquals(List.of("--qos=low", "--constraint=a100", "--qos=high"), pretrain.extra());
        assertEquals(List.of("module load java"), pretrain.setup());
        assertEquals("cpu", settings.forStage("probe").device());
        assertEquals(0, settings.forStage("probe").gpus());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"time, 2 hours", "cpus, 0", "gpus, one", "mem, 16 GB", "partion, gpu"})
    void badCommandLineValuesNameTheOptionAndWhatIsAllowed(String key, String value) {
        BadInputException e = assertThrows(BadInputException.class, () -> SlurmSettings.parse(key, value, "--slurm"));
        assertTrue(e.getMessage().startsWith("--slurm: "), e.getMessage());
        assertTrue(e.getMessage().contains(key.equals("partion") ? "partition" : value), e.getMessage());
    }
}
