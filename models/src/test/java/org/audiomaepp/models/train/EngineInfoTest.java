package org.audiomaepp.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineInfoTest {

    @ParameterizedTest(name = "{0} with PYTORCH_FLAVOR ''{1}'' is {2}")
    @CsvSource({
        "/root/.djl.ai/pytorch/2.5.1-20241113-cpu-linux-x86_64, '', cpu",
        "/cache/pytorch/2.5.1-cu124-linux-x86_64, '', cu124",
        "/cache/pytorch/2.1.2-cu121-precxx11-linux-x86_64, '', cu121-precxx11",
        "/opt/venv/lib/python3.12/site-packages/torch/lib, '', custom",
        "/opt/venv/lib/python3.12/site-packages/torch/lib, cu130, cu130",
        "/cache/pytorch/2.5.1-cu124-linux-x86_64, ' cpu ', cpu",
    })
    void theFlavorIsTheOverrideElseReadFromDjlsCacheDirectory(String path, String override, String flavor) {
        assertEquals(flavor, EngineInfo.flavorOf(override, path));
    }

    @org.junit.jupiter.api.Test
    void theLoadedEngineOfACpuBuildIsDescribedAsRunning() {
        EngineInfo info = EngineInfo.load();
        assertTrue(EngineInfo.ifLoaded().isPresent());
        assertTrue(info.libtorch().matches("\\d+\\.\\d+.*"), info.line());
        assertTrue(info.gpus() > 0 || info.cuda().equals("none"), info.line());
        assertEquals(info.libtorch(), info.toMap().get("pytorch"));
    }
}
