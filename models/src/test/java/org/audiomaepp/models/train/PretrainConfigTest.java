package org.audiomaepp.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.nn.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PretrainConfigTest {

    @Test
    void toMapAndFromMapRoundTrip() {
        PretrainConfig c = new PretrainConfig(3, 64, 16, 2e-4, 0.5, 0.01, 0.8, 0.9, 1e-6, 42, 7, "gpu:1", Precision.FP16);
        assertEquals(c, PretrainConfig.fromMap(c.toMap()));
        assertEquals(PretrainConfig.KEYS, List.copyOf(c.toMap().keySet()));
    }

    @Test
    void fp32IsTheDefaultAndLeavesRecordsAndIdentityAsTheyWere() {
        PretrainConfig c = PretrainConfig.fromMap(Map.of("precision", "fp32"));
        assertEquals(PretrainConfig.defaults(), c);
        assertEquals(Precision.FP32, PretrainConfig.defaults().precision());
        assertFalse(c.toMap().containsKey("precision"));
        assertFalse(c.identity().containsKey("precision"));
        assertEquals("fp16", PretrainConfig.fromMap(Map.of("precision", "FP16")).identity().get("precision"),
                "another precision computes other weights: a checkpoint of it does not resume this run");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"bf16, GetScalarTypeFromDType", "fp8, 'fp32, tf32, fp16'"})
    void otherPrecisionsAreRefused(String name, String hint) {
        BadConfigException e = assertThrows(BadConfigException.class, () -> PretrainConfig.fromMap(Map.of("precision", name)));
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }

    @ParameterizedTest(name = "{0} with {1} visible GPUs")
    @CsvSource({"cpu, 0", "gpu, 1", "gpu:0, 1", "gpu:3, 4"})
    void aVisibleDeviceIsGiven(String name, int gpus) {
        assertEquals(Devices.parse(name), Devices.available(name, gpus));
    }

    @ParameterizedTest(name = "{0} with {1} visible GPUs")
    @CsvSource({"gpu, 0", "gpu:1, 1", "gpu:4, 4"})
    void anInvisibleGpuIsRefusedNamingTheFixes(String name, int gpus) {
        BadConfigException e = assertThrows(BadConfigException.class, () -> Devices.available(name, gpus));
        for (String fix : List.of("sees " + gpus + " GPU(s)", "-Pcuda", "CUDA_VISIBLE_DEVICES", "--device cpu")) {
            assertTrue(e.getMessage().contains(fix), e.getMessage());
        }
    }

    @Test
    void cpuIsAvailableWithoutAskingTheEngine() {
        assertEquals(Device.cpu(), Devices.available("cpu"));
    }

    @Test
    void absentKeysTakeThePapersRecipeAndMicroBatchFollowsBatch() {
        PretrainConfig c = PretrainConfig.fromMap(Map.of("batch_size", "32", "betas", "[0.5, 0.6]"));
        assertEquals(32, c.microBatch());
        assertEquals(100, c.epochs());
        assertEquals(1.5e-4, c.baseLr());
        assertEquals(0.5, c.beta1());
        assertEquals(0.6, c.beta2());
        assertEquals(1.875e-5, c.peakLr(), 1e-18);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"batchsize, batch_size", "epoch, epochs", "warmup, warmup_epochs", "checkpoint_evry, checkpoint_every"})
    void anUnknownKeySuggestsTheClosestOne(String typo, String suggestion) {
        BadConfigException e = assertThrows(BadConfigException.class, () -> PretrainConfig.fromMap(Map.of(typo, 1)));
        assertTrue(e.getMessage().contains("did you mean '" + suggestion + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"epochs, -1", "batch_size, -1", "micro_batch, 2048", "base_lr, -1", "warmup_epochs, 101",
        "device, tpu", "seed, abc", "betas, 0.9", "betas, '[0.9, 1.5]'"})
    void invalidValuesAreConfigErrorsNamingTheKey(String key, String value) {
        BadConfigException e = assertThrows(BadConfigException.class, () -> PretrainConfig.fromMap(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key.equals("device") ? "tpu" : "pretrain." + key), e.getMessage());
    }

    @Test
    void zeroEpochsIsAValidRecipeOnlyWithoutWarmUp() {
        assertEquals(0, PretrainConfig.fromMap(Map.of("epochs", 0, "warmup_epochs", 0)).epochs());
        BadConfigException e = assertThrows(BadConfigException.class,
                () -> PretrainConfig.fromMap(Map.of("epochs", 0, "warmup_epochs", 1)));
        assertTrue(e.getMessage().contains("pretrain.warmup_epochs"), e.getMessage());
    }

    @Test
    void identityLeavesOutExecutionSettingsOnly() {
        Map<String, Object> id = PretrainConfig.defaults().identity();
        assertFalse(id.containsKey("device"));
        assertFalse(id.containsKey("checkpoint_every"));
        assertTrue(id.containsKey("micro_batch"));
        assertTrue(id.containsKey("seed"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cpu, cpu, -1", "CPU, cpu, -1", "gpu, gpu, 0", "gpu:0, gpu, 0", "gpu:3, gpu, 3", "' gpu:12 ', gpu, 12"})
    void deviceNamesMapToDjlDevices(String name, String type, int id) {
        Device d = Devices.parse(name);
        assertEquals(type, d.getDeviceType());
        if (id >= 0) {
            assertEquals(id, d.getDeviceId());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"gpu:", "gpu:-1", "cuda", "gpu:x", "''"})
    void otherDeviceNamesAreRejected(String name) {
        BadConfigException e = assertThrows(BadConfigException.class, () -> Devices.parse(name));
        assertTrue(e.getMessage().contains("gpu:N"), e.getMessage());
    }
}
