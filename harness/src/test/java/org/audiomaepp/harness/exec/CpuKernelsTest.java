package org.audiomaepp.harness.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.jobs.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine's CPU kernels pinned to one instruction set for every JVM that runs jobs. */
class CpuKernelsTest {

    @Test
    void withoutAnOverrideJobsRunAtAvx2WithMklsCrossVendorPath() {
        assertEquals(Map.of("ATEN_CPU_CAPABILITY", "avx2", "MKL_CBWR", "COMPATIBLE", "ONEDNN_MAX_CPU_ISA", "AVX2"),
                CpuKernels.environment(Map.of()));
    }

    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @CsvSource({"default, default, SSE41", "AVX2, avx2, AVX2", "avx512, avx512, AVX512_CORE"})
    void theOverridePicksALevelForEveryLibrary(String asked, String aten, String onednn) {
        Map<String, String> env = CpuKernels.environment(Map.of(CpuKernels.OVERRIDE, asked));
        assertEquals(aten, env.get("ATEN_CPU_CAPABILITY"));
        assertEquals(onednn, env.get("ONEDNN_MAX_CPU_ISA"));
        assertEquals("COMPATIBLE", env.get("MKL_CBWR"));
    }

    @Test
    void anUnknownLevelIsBadInputNamingTheVariableAndTheChoices() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> CpuKernels.environment(Map.of(CpuKernels.OVERRIDE, "sse9")));
        assertTrue(e.getMessage().contains("HARNESS_CPU_CAPABILITY=sse9"), e.getMessage());
        assertTrue(e.getMessage().contains("default, avx2, avx512"), e.getMessage());
    }

    @Test
    void aJvmIsPinnedOnlyWhenEveryVariableHasTheAskedValue() {
        Map<String, String> env = new HashMap<>(CpuKernels.environment(Map.of()));
        assertTrue(CpuKernels.pinnedIn(env));
        env.put("ATEN_CPU_CAPABILITY", "avx512");
        assertFalse(CpuKernels.pinnedIn(env), "a machine's own ATEN_CPU_CAPABILITY is not the pin");
        env.put("ATEN_CPU_CAPABILITY", "avx2");
        env.remove("MKL_CBWR");
        assertFalse(CpuKernels.pinnedIn(env));
    }

    @Test
    void everyChildJvmStartsWithThePin() {
        JobSpec job = new JobSpec("probe", "k", Map.of(), List.of(), Map.of());
        Map<String, String> env = ChildJvmLauncher.environment(job, Slot.cpu(1, 2).get(0));
        assertTrue(env.entrySet().containsAll(CpuKernels.environment().entrySet()), env.toString());
    }
}
