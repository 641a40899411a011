package org.audiomaepp.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code harness run}'s executor options are checked before anything is read or run. */
class RunSlurmOptionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--executor kubernetes|--executor kubernetes is not an executor; use --executor local or --executor slurm",
        "--partition gpu|--partition: only with --executor slurm",
        "--detach --cancel-on-exit|--detach, --cancel-on-exit: only with --executor slurm",
        "--executor slurm --jobs 4|--jobs and --gpus are for --executor local",
        "--in-process --jobs 2|--in-process runs jobs on threads of this JVM, where the engine records gradients for one job at a time: use --jobs 1",
        "--executor slurm --time 2h|--time: `2h` is not a valid time",
        "--executor slurm --gpus-per-job -1|--gpus-per-job: `-1` is not a valid gpus; give an integer >= 0",
        "--executor slurm --slurm pretrain.gpu=1|`pretrain.gpu` is not a Slurm setting",
        "--executor slurm --slurm time|--slurm time: give KEY=VALUE",
        "--executor slurm --sbatch-extra=--qos=high --sbatch-extra=qos|`qos` must be one sbatch option starting with '-'",
    })
    void badExecutorOptionsAreBadInputNamingTheOption(String options, String expected) {
        List<String> args = new ArrayList<>(List.of("run", "no-such-sweep.yaml"));
        args.addAll(List.of(options.split(" ")));
        StringWriter out = new StringWriter();
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int code = cl.execute(args.toArray(String[]::new));
        assertEquals(ExitCodes.BAD_INPUT, code, out.toString());
        assertTrue(out.toString().contains(expected), out.toString());
    }

    @Test
    void theHelpDescribesTheSlurmOptions() {
        StringWriter out = new StringWriter();
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.execute("run", "--help");
        for (String option : List.of("--executor=local|slurm", "--partition", "--account", "--time", "--mem",
                "--cpus-per-job", "--gpus-per-job", "--sbatch-extra", "--slurm=KEY=VALUE", "--detach", "--cancel-on-exit",
                "--poll")) {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
    }
}
