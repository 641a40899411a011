package org.audiomaepp.harness.exec.slurm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.exec.LocalExecutor.Status;
import org.audiomaepp.harness.exec.LocalExecutor.Summary;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.FailureRecord;
import org.audiomaepp.harness.store.JobLock;
import org.audiomaepp.harness.store.Store;

/**
 * Runs a job graph on a Slurm cluster: one sbatch script per job, chained by
 * {@code --dependency=afterok}, then polls the scheduler until every job has ended, reading the
 * results from the shared store.
 *
 * <p>{@link #submit} skips the jobs that are done and adopts the ones still queued or running from
 * an earlier submission (their {@link SlurmRecord}), so a job is never in the queue twice;
 * {@link #await} polls. A job that ends without {@code DONE} is failed: with the {@code FAILED}
 * record the job wrote, or, when it died without writing one (time limit, out of memory, node
 * failure, cancelled), with a record written here naming the Slurm state and the tail of its log.
 * Its dependents are skipped (and cancelled, where Slurm has not yet done so for
 * {@code DependencyNeverSatisfied}). {@link #stop} (Ctrl-C) ends the waiting and leaves the queued
 * jobs alone: {@link #queued()} lists them for the caller to cancel or not.
 */
public final class SlurmExecutor {

    private enum State { CACHED, QUEUED, DONE, FAILED, SKIPPED, NOT_SUBMITTED }

    /** Polls a job may end COMPLETED before its DONE is visible (a shared file system's caches). */
    private static final int DONE_GRACE_POLLS = 3;

    private static final int LOG_TAIL_LINES = 40;

    private final Store store;
    private final Scheduler scheduler;
    private final SbatchScript scripts;
    private final SlurmSettings settings;
    private final Consumer<String> out;
    private final Duration poll;
    private final Duration progressEvery;

    private final List<JobSpec> jobs = new ArrayList<>();
    private final Map<String, JobSpec> byId = new LinkedHashMap<>();
    private final Map<String, State> state = new LinkedHashMap<>();
    private final Map<String, String> slurmIds = new ConcurrentHashMap<>();
    private final Map<String, Instant> submittedAt = new HashMap<>();
    private final Map<String, String> lastSlurmState = new HashMap<>();
    private final Map<String, Integer> completedWithoutDone = new HashMap<>();
    private final Map<String, String> messages = new LinkedHashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final BlockingQueue<Boolean> wake = new LinkedBlockingQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;

    /**
     * @param store         the store, on a file system the cluster's nodes share
     * @param scheduler     the cluster (or a fake)
     * @param scripts       renders each job's sbatch script
     * @param settings      the resources of each stage's jobs
     * @param out           receives progress lines
     * @param poll          time between two looks at the queue
     * @param progressEvery how often a jobs count line is printed while nothing else happens
     */
    public SlurmExecutor(Store store, Scheduler scheduler, SbatchScript scripts, SlurmSettings settings,
            Consumer<String> out, Duration poll, Duration progressEvery) {
        this.store = store;
        this.scheduler = scheduler;
        this.scripts = scripts;
        this.settings = settings;
        this.out = out;
        this.poll = poll;
        this.progressEvery = progressEvery;
    }

    /** {@link #submit} then {@link #await}. */
    public Summary execute(List<JobSpec> graph) throws InterruptedException {
        submit(graph);
        return await();
    }

    /**
     * Creates the jobs in the store and submits every one that is neither done nor already queued,
     * parents before children, each after its queued parents. If sbatch rejects a script, the jobs
     * submitted so far are cancelled and a {@link BadInputException} names the script and what
     * sbatch said.
     */
    public void submit(List<JobSpec> graph) {
        try {
            submitAll(graph);
        } catch (RuntimeException e) {
            // No await() follows a failed submission: nothing is left for stop() to wait for.
            finished.countDown();
            throw e;
        }
    }

    private void submitAll(List<JobSpec> graph) {
        for (JobSpec j : graph) {
            jobs.add(j);
            byId.put(j.id(), j);
            store.create(j);
            for (String p : j.parents()) {
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(j.id());
            }
        }
        Map<String, SlurmRecord> records = new LinkedHashMap<>();
        for (JobSpec j : jobs) {
            if (!store.isDone(j.id())) {
                SlurmRecord.read(store, j.id()).ifPresent(r -> records.put(j.id(), r));
            }
        }
        Map<String, SlurmJob> known;
        try {
            known = records.isEmpty() ? Map.of()
                    : scheduler.query(records.values().stream().map(SlurmRecord::slurmJobId).toList());
        } catch (SchedulerException e) {
            throw new BadInputException("cannot ask Slurm about the jobs submitted before: " + e.getMessage()
                    + "; is the controller up ('scontrol ping')?");
        }
        List<String> submittedNow = new ArrayList<>();
        for (JobSpec j : jobs) {
            if (stopping) {
                break;
            }
            String id = j.id();
            if (store.isDone(id)) {
                state.put(id, State.CACHED);
                continue;
            }
            SlurmRecord rec = records.get(id);
            SlurmJob before = rec == null ? null : known.get(rec.slurmJobId());
            if (before != null && !before.ended() && !before.neverStarts()) {
                adopt(j, rec, before);
                continue;
            }
            if (before != null && before.neverStarts()) {
                cancelQuietly(List.of(before.id()));
            }
            List<String> afterOk = j.parents().stream().filter(p -> state.get(p) == State.QUEUED)
                    .map(slurmIds::get).toList();
            Path script = store.jobDir(id).resolve(SlurmRecord.SCRIPT);
            try {
                Files.writeString(script, scripts.render(j, settings.forStage(j.stage())), StandardCharsets.UTF_8);
                String slurmId = scheduler.submit(script, afterOk);
                Instant now = Instant.now();
                new SlurmRecord(slurmId, now.toString(), Store.hostName(), afterOk, script.toString()).write(store, id);
                submittedNow.add(slurmId);
                slurmIds.put(id, slurmId);
                submittedAt.put(id, now);
                state.put(id, State.QUEUED);
                out.accept("submitted " + label(j) + " as Slurm job " + slurmId
                        + (afterOk.isEmpty() ? "" : " (after " + String.join(", ", afterOk) + ")"));
            } catch (SchedulerException e) {
                cancelQuietly(submittedNow);
                throw new BadInputException(e.getMessage() + "\nfix the sweep file's slurm: section or the --partition,"
                        + " --time, --mem, --account, --gpus-per-job, --sbatch-extra options (or, if the controller cannot"
                        + " be reached, see 'scontrol ping')" + (submittedNow.isEmpty() ? "" : "; the "
                                + submittedNow.size() + " jobs submitted before it were cancelled"));
            } catch (IOException e) {
                cancelQuietly(submittedNow);
                throw new UncheckedIOException("cannot write " + script, e);
            } catch (RuntimeException e) {
                cancelQuietly(submittedNow);
                throw e;
            }
        }
        for (JobSpec j : jobs) {
            state.putIfAbsent(j.id(), State.NOT_SUBMITTED);
        }
    }

    /**
     * Waits until every submitted job has ended (or {@link #stop} is called), recording failures
     * and skipping the dependents of failed jobs.
     */
    public Summary await() throws InterruptedException {
        try {
            return loop();
        } finally {
            finished.countDown();
        }
    }

    /** Ends {@link #await} early; returns once it has returned (or after {@code wait}). */
    public void stop(Duration wait) {
        stopping = true;
        wake.add(Boolean.TRUE);
        try {
            finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #stop} was called. */
    public boolean stopped() {
        return stopping;
    }

    /** The jobs still queued or running in Slurm: job id to Slurm job id. */
    public Map<String, String> queued() {
        Map<String, String> q = new LinkedHashMap<>();
        for (JobSpec j : jobs) {
            if (state.get(j.id()) == State.QUEUED && slurmIds.containsKey(j.id())) {
                q.put(j.id(), slurmIds.get(j.id()));
            }
        }
        return q;
    }

    /** Cancels the jobs still queued or running ({@code scancel}); they stay not done in the store. */
    public void cancelQueued() throws SchedulerException {
        scheduler.cancel(queued().values());
    }

    private void adopt(JobSpec j, SlurmRecord rec, SlurmJob info) {
        slurmIds.put(j.id(), rec.slurmJobId());
        submittedAt.put(j.id(), instant(rec.submitted()).orElse(Instant.EPOCH));
        lastSlurmState.put(j.id(), info.state());
        state.put(j.id(), State.QUEUED);
        out.accept("queued    " + label(j) + ": already Slurm job " + info.describe() + ", not submitted again");
    }

    private Summary loop() throws InterruptedException {
        long start = System.nanoTime();
        long lastProgress = 0;
        boolean changed = true;
        while (!stopping) {
            List<String> queuedIds = jobs.stream().map(JobSpec::id).filter(id -> state.get(id) == State.QUEUED).toList();
            if (queuedIds.isEmpty()) {
                break;
            }
            Map<String, SlurmJob> info;
            try {
                info = scheduler.query(queuedIds.stream().map(slurmIds::get).toList());
            } catch (SchedulerException e) {
                out.accept("warning: " + e.getMessage() + "; asking again in " + poll.toSeconds() + " s");
                wake.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
                continue;
            }
            Set<String> toCancel = new LinkedHashSet<>();
            for (String id : queuedIds) {
                if (state.get(id) == State.QUEUED) {
                    changed |= update(id, info.get(slurmIds.get(id)), toCancel);
                }
            }
            cancelQuietly(toCancel);
            if (changed || System.nanoTime() - lastProgress >= progressEvery.toNanos()) {
                progress(start);
                lastProgress = System.nanoTime();
                changed = false;
            }
            if (state.containsValue(State.QUEUED)) {
                wake.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (changed) {
            progress(start);
        }
        Map<String, Status> status = new LinkedHashMap<>();
        state.forEach((id, s) -> status.put(id, switch (s) {
            case CACHED -> Status.CACHED;
            case DONE -> Status.DONE;
            case FAILED -> Status.FAILED;
            case SKIPPED -> Status.SKIPPED;
            case QUEUED, NOT_SUBMITTED -> Status.STOPPED;
        }));
        return new Summary(status, messages, stopping);
    }

    /** Takes in what Slurm says about a queued job; true if its state here changed. */
    private boolean update(String id, SlurmJob s, Set<String> toCancel) {
        JobSpec j = byId.get(id);
        String slurmId = slurmIds.get(id);
        if (s != null && !s.ended()) {
            if (s.neverStarts()) {
                toCancel.add(slurmId);
                skip(id, "skipped: a job it needs failed (Slurm job " + slurmId + ": " + SlurmJob.NEVER_SATISFIED + ")",
                        toCancel);
                return true;
            }
            String before = lastSlurmState.put(id, s.state());
            if (s.state().equals("RUNNING") && !"RUNNING".equals(before)) {
                out.accept("running   " + label(j) + " (Slurm job " + slurmId + ")");
            }
            return false;
        }
        if (store.isDone(id)) {
            state.put(id, State.DONE);
            out.accept("done      " + label(j) + " (Slurm job " + slurmId + ")");
            return true;
        }
        boolean parentFailed = j.parents().stream()
                .anyMatch(p -> state.get(p) == State.FAILED || state.get(p) == State.SKIPPED);
        if (parentFailed || (s != null && s.state().equals("CANCELLED") && s.reason().equals(SlurmJob.NEVER_SATISFIED))) {
            skip(id, "skipped: a job it needs failed (Slurm job " + slurmId + " was cancelled by Slurm)", toCancel);
            return true;
        }
        if (s != null && s.state().equals("COMPLETED")
                && completedWithoutDone.merge(id, 1, Integer::sum) <= DONE_GRACE_POLLS) {
            return false;
        }
        fail(id, s, toCancel);
        return true;
    }

    private void fail(String id, SlurmJob s, Set<String> toCancel) {
        String slurmId = slurmIds.get(id);
        Instant submitted = submittedAt.getOrDefault(id, Instant.EPOCH);
        Optional<FailureRecord> own = store.readFailed(id)
                .filter(f -> instant(f.time()).map(t -> !t.isBefore(submitted)).orElse(false));
        String message;
        if (own.isPresent()) {
            message = own.get().summary();
        } else {
            message = s == null
                    ? "Slurm no longer knows job " + slurmId + " (it ended a while ago and the cluster keeps no"
                            + " accounting), and it left neither DONE nor FAILED"
                    : "Slurm job " + slurmId + " ended " + s.state()
                            + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")")
                            + (s.exitCode().isEmpty() ? "" : ", exit code " + s.exitCode())
                            + (s.details().isEmpty() ? "" : ", " + s.details())
                            + " without recording a failure";
            record(id, message, s == null ? "slurm: job unknown" : "slurm " + s.state());
        }
        state.put(id, State.FAILED);
        messages.put(id, message);
        out.accept("FAILED    " + label(byId.get(id)) + ": " + message + " (log: " + store.logFile(id) + ")");
        for (String c : children.getOrDefault(id, List.of())) {
            skip(c, "skipped: needs " + id + ", which failed", toCancel);
        }
    }

    /** Marks a queued job and its queued descendants skipped, collecting their Slurm ids to cancel. */
    private void skip(String id, String message, Set<String> toCancel) {
        Deque<String> todo = new ArrayDeque<>(List.of(id));
        boolean first = true;
        while (!todo.isEmpty()) {
            String c = todo.poll();
            if (state.get(c) != State.QUEUED) {
                continue;
            }
            state.put(c, State.SKIPPED);
            String why = first ? message : "skipped: needs " + id + ", which was skipped";
            messages.put(c, why);
            out.accept("skipped   " + c + " (" + why.substring("skipped: ".length()) + ")");
            if (slurmIds.containsKey(c)) {
                toCancel.add(slurmIds.get(c));
            }
            todo.addAll(children.getOrDefault(c, List.of()));
            first = false;
        }
    }

    /** Writes FAILED for a job that died without writing it, with the Slurm state and the log's tail. */
    private void record(String id, String message, String kind) {
        Optional<JobLock> lock = store.tryLock(id);
        if (lock.isEmpty()) {
            return;
        }
        try (JobLock l = lock.get()) {
            if (store.isDone(id)) {
                return;
            }
            Files.writeString(store.logFile(id), "[slurm] " + message + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long pid = store.readRunning(id).map(r -> r.get("pid") instanceof Number n ? n.longValue() : 0L).orElse(0L);
            String host = store.readRunning(id).map(r -> String.valueOf(r.get("host"))).orElse("");
            store.fail(l, null, new FailureRecord(message, kind, false, store.logTail(id, LOG_TAIL_LINES), host, pid,
                    Store.now(), 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the failure of " + id, e);
        }
    }

    private void cancelQuietly(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            scheduler.cancel(List.copyOf(ids));
        } catch (SchedulerException e) {
            out.accept("warning: " + e.getMessage() + "; cancel Slurm jobs " + String.join(" ", ids) + " with scancel");
        }
    }

    private void progress(long start) {
        Map<State, Integer> n = new HashMap<>();
        state.values().forEach(s -> n.merge(s, 1, Integer::sum));
        int running = (int) state.entrySet().stream()
                .filter(e -> e.getValue() == State.QUEUED && "RUNNING".equals(lastSlurmState.get(e.getKey()))).count();
        long secs = (System.nanoTime() - start) / 1_000_000_000L;
        out.accept(String.format(Locale.ROOT,
                "[%02d:%02d:%02d] jobs: %d done, %d running, %d failed, %d skipped, %d queued in Slurm",
                secs / 3600, secs / 60 % 60, secs % 60,
                n.getOrDefault(State.DONE, 0) + n.getOrDefault(State.CACHED, 0), running,
                n.getOrDefault(State.FAILED, 0), n.getOrDefault(State.SKIPPED, 0),
                n.getOrDefault(State.QUEUED, 0) - running));
    }

    private static Optional<Instant> instant(String iso) {
        try {
            return Optional.of(Instant.parse(iso));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static String label(JobSpec j) {
        String d = j.describe();
        return j.id() + (d.isEmpty() ? "" : " (" + d + ")");
    }
}
