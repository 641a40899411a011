package org.audiomaepp.harness.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.testing.Graphs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    @TempDir
    Path tmp;

    Store store;
    JobSpec job;

    @BeforeEach
    void setUp() {
        store = new Store(tmp.resolve("store"));
        job = Graphs.of(Graphs.twoTasks(tmp)).jobs().get(0);
        store.create(job);
    }

    @Test
    void createdJobCanBeReadBackFromItsJobFileAlone() {
        JobSpec back = new Store(tmp.resolve("store")).readJob(job.id());
        assertEquals(job.id(), back.id());
        assertEquals(job.parents(), back.parents());
        assertEquals(job.config().get("corpus"), back.config().get("corpus"));
        assertEquals(JobState.PENDING, store.state(job.id()));
    }

    @Test
    void anEditedJobFileIsRejected() throws Exception {
        Path file = store.jobDir(job.id()).resolve(Store.JOB_FILE);
        Files.writeString(file, Files.readString(file).replace("\"features\"", "\"pretrain\""));
        BadInputException e = assertThrows(BadInputException.class, () -> store.readJob(job.id()));
        assertTrue(e.getMessage().contains("does not match its key"), e.getMessage());
    }

    @Test
    void aMissingJobIsBadInputNamingTheStore() {
        String id = "probe/" + "0".repeat(64);
        BadInputException e = assertThrows(BadInputException.class, () -> store.readJob(id));
        assertTrue(e.getMessage().contains(store.root().toString()), e.getMessage());
        assertThrows(BadInputException.class, () -> store.jobDir("probe/xyz"));
    }

    @Test
    void outputsWithoutDoneAreNotDoneAndAreCleanedByTheNextAttempt() throws Exception {
        Path dir = store.jobDir(job.id());
        // What a crash can leave: a temporary output, renamed outputs without DONE, a half DONE.
        Files.createDirectories(dir.resolve("tmp-crashed")).resolve("x");
        Files.writeString(Files.createDirectories(dir.resolve(Store.OUT_DIR)).resolve("result.txt"), "half");
        Files.writeString(dir.resolve("DONE.tmp"), "{");
        Files.writeString(dir.resolve(Store.RUNNING_FILE), "{\"pid\": 999999999, \"host\": \"" + Store.hostName() + "\"}");

        assertFalse(store.isDone(job.id()));
        assertEquals(JobState.PENDING, store.state(job.id()), "a marker of a dead process is not running");

        try (JobLock lock = store.tryLock(job.id()).orElseThrow()) {
            Path out = store.beginAttempt(lock, Map.of("pid", ProcessHandle.current().pid(), "host", Store.hostName()));
            assertFalse(Files.exists(dir.resolve("tmp-crashed")));
            assertFalse(Files.exists(dir.resolve(Store.OUT_DIR)));
            assertFalse(Files.exists(dir.resolve("DONE.tmp")));
            assertEquals(JobState.RUNNING, store.state(job.id()));

            Files.writeString(out.resolve("result.txt"), "whole");
            store.commit(lock, out, Map.of("exit_status", "ok"));
        }
        assertTrue(store.isDone(job.id()));
        assertEquals(JobState.DONE, store.state(job.id()));
        assertEquals("whole", Files.readString(store.outputDir(job.id()).resolve("result.txt")));
        assertEquals(List.of("job.json", "lock", "out", "DONE"),
                List.of("job.json", "lock", "out", "DONE").stream().filter(n -> Files.exists(dir.resolve(n))).toList());
        assertFalse(Files.exists(dir.resolve(Store.RUNNING_FILE)));
        assertEquals(Optional.of("ok"), store.readDone(job.id()).map(d -> d.get("exit_status")));
    }

    @Test
    void aFailedAttemptLeavesFailedAndNoDoneNorOutputs() throws Exception {
        try (JobLock lock = store.tryLock(job.id()).orElseThrow()) {
            Path out = store.beginAttempt(lock, Map.of("pid", ProcessHandle.current().pid()));
            Files.writeString(out.resolve("partial"), "x");
            store.fail(lock, out, new FailureRecord("boom", "java.lang.IllegalStateException", false, "tail",
                    Store.hostName(), 1, Store.now(), 1));
            assertFalse(Files.exists(out));
        }
        assertFalse(store.isDone(job.id()));
        assertEquals(JobState.FAILED, store.state(job.id()));
        assertEquals("boom", store.readFailed(job.id()).orElseThrow().message());
    }

    @Test
    void scratchSurvivesFailedAttemptsAndGoesWhenTheJobIsDone() throws Exception {
        try (JobLock lock = store.tryLock(job.id()).orElseThrow()) {
            Path out = store.beginAttempt(lock, Map.of("pid", ProcessHandle.current().pid()));
            Files.writeString(store.scratchDir(lock).resolve("checkpoint"), "epoch 5");
            store.fail(lock, out, new FailureRecord("lost", "X", true, "", Store.hostName(), 1, Store.now(), 1));
        }
        try (JobLock lock = store.tryLock(job.id()).orElseThrow()) {
            Path out = store.beginAttempt(lock, Map.of("pid", ProcessHandle.current().pid()));
            assertEquals("epoch 5", Files.readString(store.scratchDir(lock).resolve("checkpoint")));
            store.commit(lock, out, Map.of("exit_status", "ok"));
        }
        assertFalse(Files.exists(store.jobDir(job.id()).resolve(Store.SCRATCH_DIR)));
    }

    @Test
    void theLockIsExclusiveAndReleasedOnClose() {
        JobLock first = store.tryLock(job.id()).orElseThrow();
        assertTrue(store.tryLock(job.id()).isEmpty(), "a second lock in the same JVM");
        assertTrue(store.isLocked(job.id()));
        first.close();
        assertFalse(store.isLocked(job.id()));
        store.tryLock(job.id()).orElseThrow().close();
    }

    @Test
    void aDamagedRecordIsBadInputNamingTheFileAndTheFixWithoutParserNoise() throws Exception {
        Files.writeString(store.jobDir(job.id()).resolve(Store.DONE_FILE), "{\"id\": ");
        BadInputException e = assertThrows(
                BadInputException.class, () -> store.readDone(job.id()));
        assertTrue(e.getMessage().startsWith(
                store.jobDir(job.id()).resolve(Store.DONE_FILE) + " is not valid JSON ("), e.getMessage());
        assertTrue(e.getMessage().contains("at line 1, column"), e.getMessage());
        assertTrue(e.getMessage().contains("delete the job's directory"), e.getMessage());
        assertFalse(e.getMessage().contains("Source:"), e.getMessage());
        assertFalse(e.getMessage().contains("REDACTED"), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} / {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "cannot read task x: fix it | org.audiomaepp.tasks.BadInputException | cannot read task x: fix it",
        " | java.lang.NullPointerException | failed (NullPointerException, no message)",
        "null | java.lang.IllegalStateException | failed (IllegalStateException, no message)",
        " | exit code 134 | exit code 134",
    })
    void aFailureLineCarriesNoJavaClassName(String message, String exceptionClass, String expected) {
        FailureRecord f = new FailureRecord(message, exceptionClass, false, "", "h", 1, "t", 1);
        assertEquals(expected, f.summary());
    }
}
