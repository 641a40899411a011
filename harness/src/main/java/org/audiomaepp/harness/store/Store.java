package org.audiomaepp.harness.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.jobs.JobGraph;
import org.audiomaepp.harness.jobs.JobSpec;

/**
 * The content-addressed result store: one directory per job, see the package documentation for
 * the layout and the rules that keep it consistent.
 */
public final class Store {

    /** The job's spec, written when the job is created. */
    public static final String JOB_FILE = "job.json";
    /** Provenance record, written last: its presence is what makes a job done. */
    public static final String DONE_FILE = "DONE";
    /** Failure record of the last failed attempt. */
    public static final String FAILED_FILE = "FAILED";
    /** Marker naming the process that runs the job. */
    public static final String RUNNING_FILE = "RUNNING";
    /** The OS-locked file that gives one process the right to run the job. */
    public static final String LOCK_FILE = "lock";
    /** The job's log, appended by every attempt. */
    public static final String LOG_FILE = "log";
    /** The finished outputs (renamed into place from a {@code tmp-<uuid>} directory). */
    public static final String OUT_DIR = "out";
    /** Kept across attempts (resumable checkpoints), deleted once the job is done. */
    public static final String SCRATCH_DIR = "scratch";

    /** Where native crash reports of earlier attempts go: {@code attempts/pid-P/hs_err_pidP.log}. */
    public static final String ATTEMPTS_DIR = "attempts";

    private static final Pattern CRASH_REPORT = Pattern.compile("hs_err_pid(\\d+)\\.log");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*/[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path root;

    public Store(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The store's root directory. */
    public Path root() {
        return root;
    }

    /**
     * Throws (exit 2) unless this process can create files in the store: a read-only mount, or a
     * store of another user, is found before anything runs, not as a failed job.
     */
    public void requireWritable() {
        requireWritable(root, "store");
    }

    /**
     * Throws (exit 2, "WHAT DIR is not writable") unless this process can create a file in
     * {@code dir}, or, where it does not exist yet, in its nearest existing ancestor (nothing is
     * created: the probe file is removed again).
     */
    public static void requireWritable(Path dir, String what) {
        Path existing = dir.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !Files.isDirectory(existing)) {
                throw new java.nio.file.FileSystemException(String.valueOf(existing), null, "not a directory");
            }
            Path probe = existing.resolve(".write-test-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
            Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            Files.delete(probe);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                    ? (existing != null && !existing.equals(dir.toAbsolutePath().normalize()) ? existing + ": " : "") + f.getReason()
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
            throw new BadInputException(what + " " + dir + " is not writable (" + why + "); give a --store on a"
                    + " file system you can write, or ask its owner for write access (a shared store needs group write"
                    + " permission and a umask such as 002)");
        }
    }

    /** The directory of a job ({@code <root>/<stage>/<key>}). */
    public Path jobDir(String id) {
        if (!ID.matcher(id).matches()) {
            throw new BadInputException("'" + id + "' is not a job id; give it as STAGE/KEY, e.g. probe/<64 hex digits>");
        }
        return root.resolve(id);
    }

    /** The finished outputs of a job ({@code <job>/out}). */
    public Path outputDir(String id) {
        return jobDir(id).resolve(OUT_DIR);
    }

    /**
     * The job's scratch directory, created if missing (see {@link #SCRATCH_DIR}), without the
     * {@code .tmp-*} directories an interrupted checkpoint write left in it.
     */
    public Path scratchDir(JobLock lock) {
        requireHeld(lock);
        try {
            Path scratch = Files.createDirectories(jobDir(lock.id()).resolve(SCRATCH_DIR));
            // Temporary directories of a checkpoint write that was killed: only this job writes here.
            try (Stream<Path> s = Files.walk(scratch, 3)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                    FileTrees.deleteTree(p);
                }
            }
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scratch directory of " + lock.id(), e);
        }
    }

    /** The job's log file. */
    public Path logFile(String id) {
        return jobDir(id).resolve(LOG_FILE);
    }

    /** True if the job finished: its {@code DONE} record exists. Nothing else counts. */
    public boolean isDone(String id) {
        return Files.isRegularFile(jobDir(id).resolve(DONE_FILE));
    }

    /** Creates the job's directory and {@code job.json} unless they exist. Safe to race. */
    public void create(JobSpec spec) {
        Path dir = jobDir(spec.id());
        Path file = dir.resolve(JOB_FILE);
        if (Files.isRegularFile(file)) {
            return;
        }
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("stage", spec.stage());
        job.put("key", spec.key());
        job.put("config", spec.config());
        job.put("parents", spec.parents());
        job.put("key_material", spec.keyMaterial());
        try {
            Files.createDirectories(dir);
            writeAtomically(file, job);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create job " + spec.id() + " in " + root, e);
        }
    }

    /** Reads a job's spec from its {@code job.json}, checking that it still matches its key. */
    public JobSpec readJob(String id) {
        Path file = jobDir(id).resolve(JOB_FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no job " + id + " in store " + root + " (" + file
                    + " does not exist); check --store, or run the sweep's 'plan' to create it");
        }
        Map<String, Object> job = readMap(file);
        @SuppressWarnings("unchecked")
        Map<String, Object> material = (Map<String, Object>) job.get("key_material");
        @SuppressWarnings("unchecked")
        JobSpec spec = new JobSpec(
                String.valueOf(job.get("stage")),
                String.valueOf(job.get("key")),
                (Map<String, Object>) job.get("config"),
                (List<String>) job.get("parents"),
                material);
        if (!spec.id().equals(id) || !JobGraph.keyOf(material).equals(spec.key())) {
            throw new BadInputException(file + " does not match its key (was it edited?); delete "
                    + jobDir(id) + " and plan the sweep again");
        }
        return spec;
    }

    /** The job's {@code DONE} record, if it is done. */
    public Optional<Map<String, Object>> readDone(String id) {
        Path file = jobDir(id).resolve(DONE_FILE);
        return Files.isRegularFile(file) ? Optional.of(readMap(file)) : Optional.empty();
    }

    /** The job's last failure, if the job is not done and its last attempt failed. */
    public Optional<FailureRecord> readFailed(String id) {
        Path file = jobDir(id).resolve(FAILED_FILE);
        if (isDone(id) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), FailureRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(notJson(file, e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The {@code RUNNING} marker (pid, host, start), if present. It may be left over by a crash. */
    public Optional<Map<String, Object>> readRunning(String id) {
        Path file = jobDir(id).resolve(RUNNING_FILE);
        try {
            return Files.isRegularFile(file) ? Optional.of(readMap(file)) : Optional.empty();
        } catch (UncheckedIOException | BadInputException e) {
            return Optional.empty();
        }
    }

    /**
     * Where a job stands. A {@code RUNNING} marker counts only while the process it names is alive
     * (checked for processes on this host; a marker from another host is taken at its word).
     */
    public JobState state(String id) {
        if (isDone(id)) {
            return JobState.DONE;
        }
        Optional<Map<String, Object>> running = readRunning(id);
        if (running.isPresent() && markerAlive(running.get())) {
            return JobState.RUNNING;
        }
        if (Files.isRegularFile(jobDir(id).resolve(FAILED_FILE))) {
            return JobState.FAILED;
        }
        return JobState.PENDING;
    }

    /**
     * Takes the job's lock if no process (this one included) holds it. The job must have been
     * created. Empty if it is held.
     */
    public Optional<JobLock> tryLock(String id) {
        Path file = jobDir(id).resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new JobLock(id, channel, lock));
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** True if some process holds the job's lock right now. */
    public boolean isLocked(String id) {
        if (!Files.isDirectory(jobDir(id))) {
            return false;
        }
        Optional<JobLock> lock = tryLock(id);
        lock.ifPresent(JobLock::close);
        return lock.isEmpty();
    }

    /**
     * Starts an attempt of a locked job: removes what earlier crashed attempts left behind (temporary
     * directories, a {@code DONE.tmp}, an {@code out/} that never got its {@code DONE}), removes the
     * old {@code FAILED} record, writes {@code RUNNING} and returns a fresh temporary output directory.
     */
    public Path beginAttempt(JobLock lock, Map<String, Object> runningMarker) {
        requireHeld(lock);
        Path dir = jobDir(lock.id());
        try {
            cleanDebris(dir);
            archiveCrashReports(lock);
            Files.deleteIfExists(dir.resolve(FAILED_FILE));
            writeAtomically(dir.resolve(RUNNING_FILE), runningMarker);
            return Files.createDirectory(dir.resolve("tmp-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start job " + lock.id(), e);
        }
    }

    /**
     * Moves the native crash reports in a locked job's directory ({@code hs_err_pidP.log}, written
     * where {@code -XX:ErrorFile} points when the engine crashes the JVM) into the record of the
     * attempt that crashed, {@code attempts/pid-P/}, so that they do not sit beside a later
     * attempt's outputs as if they were its own. Returns where they went.
     */
    public List<Path> archiveCrashReports(JobLock lock) throws IOException {
        requireHeld(lock);
        Path dir = jobDir(lock.id());
        List<Path> moved = new ArrayList<>();
        List<Path> reports;
        try (Stream<Path> s = Files.list(dir)) {
            reports = s.filter(p -> CRASH_REPORT.matcher(p.getFileName().toString()).matches()).toList();
        }
        for (Path report : reports) {
            java.util.regex.Matcher m = CRASH_REPORT.matcher(report.getFileName().toString());
            m.matches();
            Path target = Files.createDirectories(dir.resolve(ATTEMPTS_DIR).resolve("pid-" + m.group(1)))
                    .resolve(report.getFileName());
            Files.move(report, target, StandardCopyOption.REPLACE_EXISTING);
            moved.add(target);
        }
        return moved;
    }

    /**
     * Completes an attempt: makes the outputs durable, renames the temporary directory to
     * {@code out/}, then writes {@code DONE} ({@link FileTrees#writeAtomically}) last.
     */
    public void commit(JobLock lock, Path tmpOutput, Map<String, Object> done) {
        requireHeld(lock);
        Path dir = jobDir(lock.id());
        try {
            fsyncTree(tmpOutput);
            Files.move(tmpOutput, dir.resolve(OUT_DIR), StandardCopyOption.ATOMIC_MOVE);
            fsyncDir(dir);
            writeAtomically(dir.resolve(DONE_FILE), done);
            fsyncDir(dir);
            Files.deleteIfExists(dir.resolve(RUNNING_FILE));
            Files.deleteIfExists(dir.resolve(FAILED_FILE));
            FileTrees.deleteTree(dir.resolve(SCRATCH_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot complete job " + lock.id(), e);
        }
    }

    /** Ends a failed attempt: writes {@code FAILED}, removes the temporary outputs and {@code RUNNING}. */
    public void fail(JobLock lock, Path tmpOutput, FailureRecord failure) {
        requireHeld(lock);
        Path dir = jobDir(lock.id());
        try {
            writeAtomically(dir.resolve(FAILED_FILE), failure);
            if (tmpOutput != null) {
                FileTrees.deleteTree(tmpOutput);
            }
            Files.deleteIfExists(dir.resolve(RUNNING_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the failure of job " + lock.id(), e);
        }
    }

    /** The last {@code lines} lines of the job's log (empty if there is none). */
    public String logTail(String id, int lines) {
        Path log = logFile(id);
        if (!Files.isRegularFile(log)) {
            return "";
        }
        try {
            long size = Files.size(log);
            long from = Math.max(0, size - 64 * 1024);
            byte[] bytes;
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
                ch.read(buf, from);
                bytes = buf.array();
            }
            List<String> all = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** This host's name, for markers and provenance. */
    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The current time as an ISO-8601 string. */
    public static String now() {
        return Instant.now().toString();
    }

    /** Writes a JSON file so that readers see either the old content or the complete new one. */
    public static void writeAtomically(Path file, Object value) throws IOException {
        FileTrees.writeAtomically(file, JSON.writeValueAsBytes(value));
    }

    /** What the operating system says when a file system is full. */
    public static final String NO_SPACE = "No space left on device";

    /**
     * A full disk in words a user can act on: the path being written ({@code fallback} when the
     * error does not name one) and the fix.
     */
    public static String noSpaceMessage(Throwable e, Path fallback) {
        String where = e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile()
                : fallback.toString();
        return "no space left on the device holding " + where + ": free space there (`df -h " + where + "` shows it),"
                + " or give a --store on a file system with room, then run again; finished jobs are kept, and"
                + " unfinished ones start over (pretraining from its last checkpoint)";
    }

    /**
     * Reads a JSON object file. A file that is not valid JSON (cut short by a full disk, or edited)
     * is bad input naming the file, the place and the fix.
     */
    public static Map<String, Object> readMap(Path file) {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(notJson(file, e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A damaged JSON file of the store in words: where it breaks, and what to do (without Jackson's location noise). */
    static String notJson(Path file, com.fasterxml.jackson.core.JsonProcessingException e) {
        String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return file + " is not valid JSON (" + e.getOriginalMessage() + at + "); it was cut short (a full disk or a"
                + " crash) or edited: delete the job's directory " + file.getParent() + " so that the job runs again";
    }

    private boolean markerAlive(Map<String, Object> marker) {
        Object host = marker.get("host");
        if (host != null && !host.equals(hostName())) {
            return true;
        }
        Object pid = marker.get("pid");
        if (!(pid instanceof Number n)) {
            return false;
        }
        return ProcessHandle.of(n.longValue()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void cleanDebris(Path dir) throws IOException {
        List<Path> debris = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith("tmp-") || name.startsWith(DONE_FILE + ".tmp")
                        || name.startsWith(FAILED_FILE + ".tmp") || name.startsWith(RUNNING_FILE)) {
                    debris.add(p);
                }
            });
        }
        if (!Files.exists(dir.resolve(DONE_FILE))) {
            debris.add(dir.resolve(OUT_DIR));
        }
        for (Path p : debris) {
            FileTrees.deleteTree(p);
        }
    }

    private static void fsyncTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                        ch.force(true);
                    }
                } else if (Files.isDirectory(p)) {
                    fsyncDir(p);
                }
            }
        }
    }

    /** Makes a rename inside {@code dir} durable; not every platform allows it, where it is skipped. */
    private static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            return;
        }
    }

    private static void requireHeld(JobLock lock) {
        if (!lock.held()) {
            throw new IllegalStateException("lock of " + lock.id() + " is not held");
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                return;
            }
        }
    }
}
