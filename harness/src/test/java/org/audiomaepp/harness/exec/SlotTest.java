package org.audiomaepp.harness.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.audiomaepp.harness.BadInputException;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotTest {

    @ParameterizedTest(name = "{0} jobs on {1} cores: {2} threads each")
    @CsvSource({"1, 8, 8", "2, 8, 4", "3, 8, 2", "4, 2, 1"})
    void cpuSlotsShareTheCoresWithoutOversubscribing(int jobs, int cores, int threads) {
        List<Slot> slots = Slot.cpu(jobs, cores);
        assertEquals(jobs, slots.size());
        for (Slot s : slots) {
            assertEquals("cpu", s.device());
            assertEquals(threads, s.threads());
            assertEquals(Integer.toString(threads), s.env().get("OMP_NUM_THREADS"));
            assertEquals("", s.env().get("CUDA_VISIBLE_DEVICES"), "CPU jobs see no GPU");
        }
    }

    @ParameterizedTest(name = "--gpus {0} with {1} visible")
    @CsvSource(delimiter = ';', value = {"0,1; 2", "3; 4", "GPU-8f3e2c1a-77d2-4c1e-9b1a-0c2f7e5d9a10; 1"})
    void distinctGpuIdsOnAMachineWithGpusAreAccepted(String ids, int visible) {
        Slot.checkGpus(List.of(ids.split(",")), visible);
    }

    @ParameterizedTest(name = "--gpus {0} with {1} visible")
    @CsvSource(delimiter = ';', value = {"0; 0; -Pcuda", "0,1; 0; CUDA_VISIBLE_DEVICES", "0,0; 2; listed twice",
            "' 1'; 2; not a GPU id", "''; 2; not a GPU id"})
    void badGpuListsAreRefusedBeforeAnyJobStarts(String ids, int visible, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> Slot.checkGpus(List.of(ids.split(",", -1)), visible));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void eachGpuSlotSeesOnlyItsGpuAsDeviceZero() {
        List<Slot> slots = Slot.gpus(List.of("0", "3"), 8);
        assertEquals(2, slots.size());
        assertEquals("3", slots.get(1).env().get("CUDA_VISIBLE_DEVICES"));
        assertEquals("gpu:0", slots.get(1).device());
        assertEquals("4", slots.get(0).env().get("OMP_NUM_THREADS"));
    }
}
