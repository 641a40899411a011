package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.audiomaepp.harness.exec.ChildJvmLauncher;
import org.audiomaepp.harness.exec.CpuKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Commands that run the engine in their own JVM start themselves again with the kernels pinned. */
class EngineRelaunchTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "job probe/abc --store s | true",
        "pretrain --config c.yaml | true",
        "probe --embeddings e | true",
        "features --corpus c | true",
        "run sweep.yaml --in-process | true",
        "run sweep.yaml | false",
        "plan sweep.yaml | false",
        "check sweep.yaml --baseline b.csv | false",
        "pretrain --help | false",
    })
    void onlyCommandsThatComputeWithTheEngineHereStartAgain(String args, boolean expected) {
        assertEquals(expected, EngineRelaunch.needed(args.split(" "), Map.of()));
    }

    @Test
    void aPinnedOrAlreadyStartedJvmDoesNotStartAgain() {
        String[] job = {"job", "probe/abc"};
        assertFalse(EngineRelaunch.needed(job, CpuKernels.environment(Map.of())));
        assertFalse(EngineRelaunch.needed(job, Map.of(EngineRelaunch.MARKER, "1")));
        assertTrue(EngineRelaunch.needed(job, Map.of("ATEN_CPU_CAPABILITY", "avx512")));
    }

    @Test
    void theStartedCopyRunsTheCommandAndItsExitCodeIsTheCommands() throws Exception {
        // A JVM without the pin: `job` on an empty store is bad input, exit 2, reported once.
        List<String> cmd = new ArrayList<>(List.of(ChildJvmLauncher.javaBinary(), "-Xmx96m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), HarnessCli.class.getName(),
                "job", "probe/" + "0".repeat(64), "--store", tmp.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String var : List.of("ATEN_CPU_CAPABILITY", "MKL_CBWR", "ONEDNN_MAX_CPU_ISA", CpuKernels.OVERRIDE,
                EngineRelaunch.MARKER)) {
            pb.environment().remove(var);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the relaunched command did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out);
        assertEquals(1, out.split("no job probe/", -1).length - 1, out);
    }
}
