package org.audiomaepp.harness.exec.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real commands' arguments and the parsing of what Slurm 22.05 prints, with canned outputs. */
class SlurmCommandsTest {

    /** Answers each command by its name, and remembers the command lines. */
    static final class Canned implements SlurmCommands.Runner {
        final Map<String, SlurmCommands.Result> answers;
        final List<List<String>> calls = new ArrayList<>();

        Canned(Map<String, SlurmCommands.Result> answers) {
            this.answers = answers;
        }

        @Override
        public SlurmCommands.Result run(List<String> command) {
            calls.add(command);
            return answers.getOrDefault(command.get(0), new SlurmCommands.Result(0, "", ""));
        }

        long count(String command) {
            return calls.stream().filter(c -> c.get(0).equals(command)).count();
        }
    }

    static Stream<Arguments> sbatchOutputs() {
        return Stream.of(Arguments.of("42\n", "42"), Arguments.of("42;cluster\n", "42"),
                Arguments.of("sbatch: warning: x\n43\n", "43"), Arguments.of("", ""),
                Arguments.of("Submitted batch job 7\n", ""));
    }

    @ParameterizedTest(name = "[{index}] -> \"{1}\"")
    @MethodSource("sbatchOutputs")
    void sbatchParsableOutputGivesTheJobId(String out, String id) {
        assertEquals(id, SlurmCommands.parseSubmitted(out));
    }

    @Test
    void submitChainsTheParentsWithAfterOkAndReportsARejectionWithSbatchsWords() throws Exception {
        Canned ok = new Canned(Map.of("sbatch", new SlurmCommands.Result(0, "17\n", "")));
        assertEquals("17", new SlurmCommands(ok).submit(Path.of("/s/slurm.sh"), List.of("15", "16")));
        assertEquals(List.of("sbatch", "--parsable", "--dependency=afterok:15:16", "/s/slurm.sh"), ok.calls.get(0));

        Canned rejected = new Canned(Map.of("sbatch", new SlurmCommands.Result(1, "",
                "sbatch: error: invalid partition specified: gpu\nsbatch: error: Batch job submission failed\n")));
        SchedulerException e = assertThrows(SchedulerException.class,
                () -> new SlurmCommands(rejected).submit(Path.of("/s/slurm.sh"), List.of()));
        assertTrue(e.getMessage().contains("/s/slurm.sh") && e.getMessage().contains("invalid partition specified: gpu"),
                e.getMessage());
    }

    @Test
    void queryReadsSqueueAndAddsScontrolDetailsToFailures() throws Exception {
        Canned c = new Canned(Map.of(
                "squeue", new SlurmCommands.Result(0,
                        "1|FAILED|NonZeroExitCode\n2|CANCELLED|DependencyNeverSatisfied\n3|PENDING|Dependency\n"
                                + "4|RUNNING|None\n5|COMPLETED|None\n", ""),
                "scontrol", new SlurmCommands.Result(0, "JobId=1 JobName=t JobState=FAILED Reason=NonZeroExitCode"
                        + " ExitCode=3:0 RunTime=00:00:02 TimeLimit=00:10:00 NodeList=vm BatchHost=vm\n", "")));
        Map<String, SlurmJob> jobs = new SlurmCommands(c).query(List.of("1", "2", "3", "4", "5"));

        assertEquals(List.of("squeue", "--noheader", "--states=all", "--format=%i|%T|%r", "--jobs=1,2,3,4,5"),
                c.calls.get(0));
        assertEquals("3:0", jobs.get("1").exitCode());
        assertEquals("ran 00:00:02 of time limit 00:10:00 on vm", jobs.get("1").details());
        assertTrue(jobs.get("2").ended());
        assertEquals(SlurmJob.NEVER_SATISFIED, jobs.get("2").reason());
        assertFalse(jobs.get("3").ended());
        assertEquals("", jobs.get("4").reason(), "None is no reason");
        assertTrue(jobs.get("5").ended());
        assertEquals(0, c.count("sacct"), "every job was known to the controller");
    }

    @Test
    void forgottenJobsAreAskedOfSacctUntilItSaysThereIsNoAccounting() throws Exception {
        Canned withAccounting = new Canned(Map.of(
                "squeue", new SlurmCommands.Result(1, "", "slurm_load_jobs error: Invalid job id specified\n"),
                "sacct", new SlurmCommands.Result(0, "9|CANCELLED by 0|0:0|00:00:00|None assigned\n"
                        + "10|TIMEOUT|0:0|00:01:03|vm\n", "")));
        Map<String, SlurmJob> jobs = new SlurmCommands(withAccounting).query(List.of("9", "10", "11"));
        assertEquals("CANCELLED", jobs.get("9").state());
        assertEquals("TIMEOUT", jobs.get("10").state());
        assertFalse(jobs.containsKey("11"));

        Canned without = new Canned(Map.of(
                "squeue", new SlurmCommands.Result(1, "", "slurm_load_jobs error: Invalid job id specified\n"),
                "sacct", new SlurmCommands.Result(1, "", "Slurm accounting storage is disabled\n")));
        SlurmCommands commands = new SlurmCommands(without);
        assertEquals(Map.of(), commands.query(List.of("9")));
        assertEquals(Map.of(), commands.query(List.of("9")));
        assertEquals(1, without.count("sacct"), "asked once, then known to be off");
    }

    @Test
    void anUnreachableControllerIsAnErrorNotAnEmptyQueue() {
        Canned down = new Canned(Map.of("squeue", new SlurmCommands.Result(1, "",
                "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n")));
        SchedulerException e = assertThrows(SchedulerException.class, () -> new SlurmCommands(down).query(List.of("1")));
        assertTrue(e.getMessage().contains("Unable to contact slurm controller"), e.getMessage());
    }

    @Test
    void cancelIgnoresJobsThatAlreadyEnded() throws Exception {
        Canned c = new Canned(Map.of("scancel", new SlurmCommands.Result(1, "",
                "scancel: error: Kill job error on job id 5: Invalid job id specified\n")));
        new SlurmCommands(c).cancel(List.of("5", "6"));
        assertEquals(List.of("scancel", "5", "6"), c.calls.get(0));
    }
}
