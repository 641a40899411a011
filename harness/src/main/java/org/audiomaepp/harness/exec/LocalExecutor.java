package org.audiomaepp.harness.exec;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.Store;

/**
 * Runs a job graph on this machine: up to one job per slot at a time, each job once all its
 * parents are done.
 *
 * <p>A failed job is recorded in the store and its dependents are skipped; independent jobs go on.
 * Transient failures are retried up to {@code retries} times. A job another process is running
 * (its lock is held) is waited for, not run twice. {@link #stop()} (Ctrl-C) stops the children and
 * returns with the store consistent: no job that did not finish has a {@code DONE}.
 */
public final class LocalExecutor {

    /** What happened to each job of the graph. */
    public enum Status { DONE, CACHED, FAILED, SKIPPED, STOPPED }

    /**
     * The end of a run.
     *
     * @param status   per job id, in graph order
     * @param messages per failed or skipped job: the failure message, or which failed job it needed
     * @param stopped  true if {@link #stop()} ended the run early
     */
    public record Summary(Map<String, Status> status, Map<String, String> messages, boolean stopped) {

        /** Ids of the jobs with the given status. */
        public List<String> with(Status s) {
            return status.entrySet().stream().filter(e -> e.getValue() == s).map(Map.Entry::getKey).toList();
        }

        /** True if every job is done (now or before). */
        public boolean ok() {
            return !stopped && status.values().stream().allMatch(s -> s == Status.DONE || s == Status.CACHED);
        }
    }

    private enum State { PENDING, RUNNING, WAITING, DONE, CACHED, FAILED, SKIPPED }

    private record Event(String id, Slot slot, Outcome outcome) {}

    private final Store store;
    private final JobLauncher launcher;
    private final List<Slot> slots;
    private final int retries;
    private final Consumer<String> out;
    private final Duration progressEvery;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;

    /**
     * @param store         the store the jobs live in
     * @param launcher      how a job is run (child JVM or in-process)
     * @param slots         where jobs may run; as many jobs run at once as there are slots
     * @param retries       how many times a transiently failed job is tried again
     * @param out           receives progress lines
     * @param progressEvery how often a progress line is printed while nothing else happens
     */
    public LocalExecutor(Store store, JobLauncher launcher, List<Slot> slots, int retries,
            Consumer<String> out, Duration progressEvery) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("no slots to run jobs on");
        }
        this.store = store;
        this.launcher = launcher;
        this.slots = List.copyOf(slots);
        this.retries = retries;
        this.out = out;
        this.progressEvery = progressEvery;
    }

    /** Runs every job of {@code jobs} (parents listed before children) that is not done yet. */
    public Summary execute(List<JobSpec> jobs) throws InterruptedException {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "job-launcher");
            t.setDaemon(true);
            return t;
        });
        try {
            return loop(jobs, pool);
        } finally {
            pool.shutdownNow();
            finished.countDown();
        }
    }

    /**
     * Stops the run: no new jobs start, running ones are stopped, and this returns once
     * {@link #execute} has returned (or after {@code wait}).
     */
    public void stop(Duration wait) {
        stopping = true;
        launcher.stopAll();
        events.add(new Event(null, null, null));
        try {
            finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Summary loop(List<JobSpec> jobs, ExecutorService pool) throws InterruptedException {
        long start = System.nanoTime();
        Map<String, JobSpec> byId = new LinkedHashMap<>();
        Map<String, State> state = new LinkedHashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (JobSpec j : jobs) {
            byId.put(j.id(), j);
            store.create(j);
            state.put(j.id(), store.isDone(j.id()) ? State.CACHED : State.PENDING);
            for (String p : j.parents()) {
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(j.id());
            }
        }
        Deque<Slot> free = new ArrayDeque<>(slots);
        int running = 0;
        long lastProgress = System.nanoTime();
        boolean changed = true;
        while (true) {
            if (!stopping) {
                for (JobSpec j : jobs) {
                    if (free.isEmpty()) {
                        break;
                    }
                    if (state.get(j.id()) == State.PENDING && parentsDone(j, state)) {
                        Slot slot = free.poll();
                        int attempt = attempts.merge(j.id(), 1, Integer::sum);
                        state.put(j.id(), State.RUNNING);
                        running++;
                        pool.execute(() -> events.add(new Event(j.id(), slot, launchSafely(j, slot, attempt))));
                    }
                }
            }
            if (changed) {
                progress(state, start);
                lastProgress = System.nanoTime();
                changed = false;
            }
            boolean waiting = state.containsValue(State.WAITING);
            if (running == 0 && (stopping || (!waiting && !state.containsValue(State.PENDING)))) {
                break;
            }
            if (running == 0 && !waiting && !anyReady(jobs, state)) {
                break;
            }
            Event ev = events.poll(waiting ? 200 : Math.max(50, progressEvery.toMillis()), TimeUnit.MILLISECONDS);
            if (waiting) {
                changed |= recheckWaiting(state);
            }
            if (ev == null || ev.id() == null) {
                if (System.nanoTime() - lastProgress >= progressEvery.toNanos()) {
                    progress(state, start);
                    lastProgress = System.nanoTime();
                }
                continue;
            }
            running--;
            free.add(ev.slot());
            String id = ev.id();
            Outcome o = ev.outcome();
            switch (o.kind()) {
                case DONE -> {
                    if (store.isDone(id)) {
                        state.put(id, State.DONE);
                        out.accept("done     " + label(byId.get(id)));
                    } else {
                        fail(id, "the job ended without a DONE record", state, messages, children);
                    }
                }
                case ALREADY_DONE -> {
                    state.put(id, State.CACHED);
                    out.accept("done     " + label(byId.get(id)) + " (by another process)");
                }
                case BUSY -> {
                    attempts.merge(id, -1, Integer::sum);
                    state.put(id, State.WAITING);
                    out.accept("waiting  " + label(byId.get(id)) + " (another process runs it)");
                }
                case TRANSIENT -> {
                    if (stopping) {
                        state.put(id, State.PENDING);
                    } else if (attempts.get(id) <= retries) {
                        state.put(id, State.PENDING);
                        out.accept("retry    " + label(byId.get(id)) + " after transient failure: " + o.message());
                    } else {
                        fail(id, o.message(), state, messages, children);
                    }
                }
                case FAILED -> {
                    if (stopping) {
                        state.put(id, State.PENDING);
                    } else {
                        fail(id, o.message(), state, messages, children);
                    }
                }
            }
            changed = true;
        }
        Map<String, Status> status = new LinkedHashMap<>();
        state.forEach((id, s) -> status.put(id, switch (s) {
            case DONE -> Status.DONE;
            case CACHED -> Status.CACHED;
            case FAILED -> Status.FAILED;
            case SKIPPED -> Status.SKIPPED;
            default -> Status.STOPPED;
        }));
        return new Summary(status, messages, stopping);
    }

    private Outcome launchSafely(JobSpec j, Slot slot, int attempt) {
        try {
            return launcher.launch(j, slot, attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Outcome.Kind.FAILED, "interrupted");
        } catch (RuntimeException e) {
            return new Outcome(Outcome.Kind.FAILED, e.toString());
        }
    }

    /** A job another process was running: done now, or free again (then it is ours to run). */
    private boolean recheckWaiting(Map<String, State> state) {
        boolean changed = false;
        for (Map.Entry<String, State> e : state.entrySet()) {
            if (e.getValue() != State.WAITING) {
                continue;
            }
            String id = e.getKey();
            if (store.isDone(id)) {
                e.setValue(State.CACHED);
                out.accept("done     " + id + " (by another process)");
                changed = true;
            } else if (!store.isLocked(id)) {
                e.setValue(State.PENDING);
                changed = true;
            }
        }
        return changed;
    }

    private void fail(String id, String message, Map<String, State> state, Map<String, String> messages,
            Map<String, List<String>> children) {
        state.put(id, State.FAILED);
        messages.put(id, message);
        out.accept("FAILED   " + id + ": " + message + " (log: " + store.logFile(id) + ")");
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(id, List.of()));
        while (!todo.isEmpty()) {
            String c = todo.poll();
            if (state.get(c) == State.PENDING) {
                state.put(c, State.SKIPPED);
                messages.put(c, "skipped: needs " + id + ", which failed");
                out.accept("skipped  " + c + " (needs " + id + ")");
                todo.addAll(children.getOrDefault(c, List.of()));
            }
        }
    }

    private static boolean parentsDone(JobSpec j, Map<String, State> state) {
        for (String p : j.parents()) {
            State s = state.get(p);
            if (s != State.DONE && s != State.CACHED) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyReady(List<JobSpec> jobs, Map<String, State> state) {
        return jobs.stream().anyMatch(j -> state.get(j.id()) == State.PENDING && parentsDone(j, state));
    }

    private void progress(Map<String, State> state, long start) {
        Map<State, Integer> n = new HashMap<>();
        state.values().forEach(s -> n.merge(s, 1, Integer::sum));
        long secs = (System.nanoTime() - start) / 1_000_000_000L;
        out.accept(String.format(Locale.ROOT,
                "[%02d:%02d:%02d] jobs: %d done, %d running, %d failed, %d skipped, %d pending",
                secs / 3600, secs / 60 % 60, secs % 60,
                n.getOrDefault(State.DONE, 0) + n.getOrDefault(State.CACHED, 0),
                n.getOrDefault(State.RUNNING, 0) + n.getOrDefault(State.WAITING, 0),
                n.getOrDefault(State.FAILED, 0),
                n.getOrDefault(State.SKIPPED, 0),
                n.getOrDefault(State.PENDING, 0)));
    }

    private static String label(JobSpec j) {
        String d = j.describe();
        return j.id() + (d.isEmpty() ? "" : " (" + d + ")");
    }
}
