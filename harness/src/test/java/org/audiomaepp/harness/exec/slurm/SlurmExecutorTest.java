package org.audiomaepp.harness.exec.slurm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.exec.LocalExecutor.Status;
import org.audiomaepp.harness.exec.LocalExecutor.Summary;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.Store;
import org.audiomaepp.harness.testing.Graphs;
import org.audiomaepp.harness.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Slurm executor against a {@link FakeScheduler}: submission, chaining, polling, failures, stop. */
class SlurmExecutorTest {

    @TempDir
    Path tmp;

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    SlurmExecutor executor(Store store, Scheduler scheduler) {
        return new SlurmExecutor(store, scheduler, new SbatchScript(store, List.of(), 2, tmp),
                SlurmSettings.of(Map.of(), Map.of()), lines::add, Duration.ZERO, Duration.ofMinutes(1));
    }

    @Test
    void everyJobIsSubmittedOnceAfterItsParentsAndEndsDoneInTheStore() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        FakeScheduler slurm = new FakeScheduler(store);

        Summary s = executor(store, slurm).execute(g.jobs());

        assertTrue(s.ok(), s + "\n" + String.join("\n", lines));
        assertEquals(g.jobs().size(), slurm.submissions().size());
        for (var job : g.jobs()) {
            FakeScheduler.Submission sub = slurm.submissionOf(job.id());
            List<String> parentIds = job.parents().stream().map(p -> slurm.submissionOf(p).slurmId()).toList();
            assertEquals(parentIds, sub.afterOk(), job.id());
            assertEquals(sub.slurmId(), SlurmRecord.read(store, job.id()).orElseThrow().slurmJobId());
            assertEquals(store.jobDir(job.id()).resolve(SlurmRecord.SCRIPT), sub.script());
            assertEquals(Status.DONE, s.status().get(job.id()));
        }
        String probe = g.runs().get(0).probe().get("t2");
        assertTrue(Files.readString(store.logFile(probe)).contains("fake probe running task t2"));
    }

    @Test
    void aSecondRunSubmitsNothingThatIsDoneOrStillQueued() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        FakeScheduler slurm = new FakeScheduler(store).hold(true);
        executor(store, slurm).submit(g.jobs());
        int first = slurm.submissions().size();

        // Another harness run on the same store while everything is still queued: it adopts the jobs.
        SlurmExecutor second = executor(store, slurm);
        second.submit(g.jobs());
        assertEquals(first, slurm.submissions().size(), "nothing submitted twice");
        assertEquals(g.jobs().size(), second.queued().size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("queued") && l.contains("not submitted again")), lines.toString());
        slurm.hold(false);
        Summary s = second.await();
        assertTrue(s.ok(), s.toString());

        Summary again = executor(store, slurm).execute(g.jobs());
        assertEquals(first, slurm.submissions().size(), "done jobs are not submitted");
        assertEquals(g.jobs().size(), again.with(Status.CACHED).size());
    }

    @Test
    void aJobThatFailsKeepsItsOwnFailureRecordAndItsDependentsAreSkipped() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(TestData.with(TestData.with(Graphs.twoTasks(tmp), "embedding", "fake", "fail"),
                "embedding", "fake_task", "t1"));
        String embed = g.runs().get(0).embed().get("t1");
        String probe = g.runs().get(0).probe().get("t1");
        FakeScheduler slurm = new FakeScheduler(store);

        Summary s = executor(store, slurm).execute(g.jobs());

        assertEquals(Status.FAILED, s.status().get(embed));
        assertTrue(s.messages().get(embed).contains("fake failure"), s.messages().get(embed));
        assertEquals("java.lang.IllegalStateException", store.readFailed(embed).orElseThrow().exceptionClass());
        assertEquals(Status.SKIPPED, s.status().get(probe));
        assertTrue(s.messages().get(probe).contains(embed), s.messages().get(probe));
        assertEquals(Status.DONE, s.status().get(g.runs().get(0).probe().get("t2")));
        assertFalse(s.ok());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL"})
    void aJobSlurmKilledIsRecordedFailedWithTheSlurmStateAndItsLogTail(String slurmState) throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        String pretrain = g.runs().get(0).pretrain();
        FakeScheduler slurm = new FakeScheduler(store).kill(pretrain, slurmState);

        Summary s = executor(store, slurm).execute(g.jobs());

        assertEquals(Status.FAILED, s.status().get(pretrain));
        FailureRecord f = store.readFailed(pretrain).orElseThrow();
        assertEquals("slurm " + slurmState, f.exceptionClass());
        assertTrue(f.message().contains("ended " + slurmState), f.message());
        assertTrue(f.message().contains(slurm.submissionOf(pretrain).slurmId()), f.message());
        assertTrue(f.logTail().contains("DUE TO " + slurmState), f.logTail());
        assertEquals(4, s.with(Status.SKIPPED).size(), "both embeds and probes need the pretraining");
        assertTrue(Files.readString(store.logFile(pretrain)).contains("[slurm] Slurm job"));
    }

    @Test
    void withoutAccountingAnEndedJobIsJudgedByWhatItLeftInTheStore() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(TestData.with(TestData.with(Graphs.twoTasks(tmp), "probe", "fake", "fail"),
                "probe", "fake_task", "t1"));
        String probe1 = g.runs().get(0).probe().get("t1");
        String embed2 = g.runs().get(0).embed().get("t2");
        FakeScheduler slurm = new FakeScheduler(store).forgetEnded().kill(embed2, "TIMEOUT");

        Summary s = executor(store, slurm).execute(g.jobs());

        assertEquals(Status.DONE, s.status().get(g.runs().get(0).pretrain()));
        assertEquals(Status.FAILED, s.status().get(probe1));
        assertTrue(s.messages().get(probe1).contains("fake failure"), "its own FAILED record: " + s.messages());
        assertEquals(Status.FAILED, s.status().get(embed2));
        assertTrue(s.messages().get(embed2).contains("no longer knows"), s.messages().get(embed2));
        assertEquals("slurm: job unknown", store.readFailed(embed2).orElseThrow().exceptionClass());
    }

    @Test
    void sbatchRejectingAScriptCancelsWhatWasSubmittedAndSaysWhatToFix() {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        FakeScheduler slurm = new FakeScheduler(store).hold(true).reject("pretrain");

        BadInputException e = assertThrows(BadInputException.class, () -> executor(store, slurm).submit(g.jobs()));

        assertTrue(e.getMessage().contains("invalid partition"), e.getMessage());
        assertTrue(e.getMessage().contains("slurm: section") && e.getMessage().contains("--partition"), e.getMessage());
        assertTrue(e.getMessage().contains(store.jobDir(g.runs().get(0).pretrain()).resolve(SlurmRecord.SCRIPT).toString()));
        assertEquals(List.of(slurm.submissionOf(g.runs().get(0).features()).slurmId()), slurm.cancelled());
    }

    @Test
    void stoppingEndsTheWaitAndLeavesTheQueuedJobsToCancel() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        FakeScheduler slurm = new FakeScheduler(store).hold(true);
        SlurmExecutor ex = executor(store, slurm);

        CompletableFuture<Summary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return ex.execute(g.jobs());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> slurm.submissions().size() == g.jobs().size());
        ex.stop(Duration.ofSeconds(30));
        Summary s = run.get();

        assertTrue(s.stopped());
        assertEquals(g.jobs().size(), s.with(Status.STOPPED).size());
        assertEquals(g.jobs().size(), ex.queued().size());
        ex.cancelQueued();
        assertEquals(slurm.submissions().stream().map(FakeScheduler.Submission::slurmId).toList(), slurm.cancelled());
        assertTrue(g.jobs().stream().noneMatch(j -> store.isDone(j.id()) || store.readFailed(j.id()).isPresent()),
                "cancelled jobs are simply not done");
    }

    @Test
    void statusShowsQueuedJobsWithTheirSlurmIdAndJobsThatDiedUnwatchedAsFailed() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        String features = g.runs().get(0).features();
        String pretrain = g.runs().get(0).pretrain();
        FakeScheduler slurm = new FakeScheduler(store).hold(true).kill(pretrain, "TIMEOUT");
        executor(store, slurm).submit(g.jobs());

        SlurmStatus queued = SlurmStatus.of(store, g.jobs(), slurm);
        assertEquals("queued", queued.entry(pretrain).orElseThrow().label());
        assertTrue(queued.entry(pretrain).orElseThrow().describe()
                .startsWith("Slurm job " + slurm.submissionOf(pretrain).slurmId() + " PENDING (Dependency)"));

        // Detached: nobody watches while the features job completes and the pretraining is killed.
        slurm.hold(false);
        slurm.query(List.of());
        slurm.query(List.of());
        SlurmStatus later = SlurmStatus.of(store, g.jobs(), slurm);
        assertTrue(later.entry(features).isEmpty(), "done: the store says so");
        assertEquals("failed", later.entry(pretrain).orElseThrow().label());
        assertTrue(later.entry(pretrain).orElseThrow().describe().contains("TIMEOUT"));
        assertTrue(later.note().isEmpty());
        assertEquals("queued", SlurmStatus.of(store, g.jobs(), null).entry(pretrain).orElseThrow().label(),
                "without Slurm's commands the record alone is shown");
    }

    @Test
    void aJobWhoseLastSubmissionEndedIsSubmittedAgain() throws Exception {
        Store store = new Store(tmp.resolve("store"));
        JobGraph g = Graphs.of(Graphs.twoTasks(tmp));
        String pretrain = g.runs().get(0).pretrain();
        FakeScheduler slurm = new FakeScheduler(store).kill(pretrain, "TIMEOUT");
        assertFalse(executor(store, slurm).execute(g.jobs()).ok());

        FakeScheduler fresh = new FakeScheduler(store);
        Summary s = executor(store, fresh).execute(g.jobs());

        assertTrue(s.ok(), s.toString());
        assertEquals(Status.CACHED, s.status().get(g.runs().get(0).features()));
        assertEquals(g.jobs().size() - 1, fresh.submissions().size());
        assertTrue(store.readFailed(pretrain).isEmpty());
    }
}
