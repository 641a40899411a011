package org.audiomaepp.harness.exec.slurm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Scheduler} of a real cluster: runs {@code sbatch}, {@code squeue}, {@code scontrol},
 * {@code sacct} and {@code scancel} from the {@code PATH}. {@code sacct} is asked only about jobs
 * the controller has forgotten, and not at all once it said the cluster keeps no accounting.
 */
public final class SlurmCommands implements Scheduler {

    /** One command's result. */
    record Result(int exitCode, String out, String err) {}

    /** Runs one command line; tests give canned outputs instead. */
    @FunctionalInterface
    interface Runner {
        Result run(List<String> command) throws SchedulerException;
    }

    /** Ids per squeue/sacct call, far below any command-line limit. */
    private static final int BATCH = 200;

    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Runner runner;
    private volatile boolean accounting = true;

    /** The commands on this machine's {@code PATH}. */
    public SlurmCommands() {
        this(SlurmCommands::exec);
    }

    SlurmCommands(Runner runner) {
        this.runner = runner;
    }

    /** True if {@code sbatch} is on the {@code PATH}. */
    public static boolean installed() {
        return onPath("sbatch").isPresent();
    }

    /**
     * Empty if Slurm's commands are installed and the controller answers ({@code scontrol ping});
     * otherwise why not, in words.
     */
    public static Optional<String> unavailable() {
        if (!installed()) {
            return Optional.of("sbatch is not on the PATH (no Slurm client installed)");
        }
        try {
            Result r = exec(List.of("scontrol", "ping"));
            if (r.exitCode() != 0 || !r.out().contains("UP")) {
                return Optional.of("the Slurm controller does not answer (scontrol ping: "
                        + (r.out() + r.err()).strip().lines().findFirst().orElse("no output") + ")");
            }
            return Optional.empty();
        } catch (SchedulerException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public String submit(Path script, List<String> afterOk) throws SchedulerException {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        if (!afterOk.isEmpty()) {
            cmd.add("--dependency=afterok:" + String.join(":", afterOk));
        }
        cmd.add(script.toString());
        Result r = runner.run(cmd);
        String id = parseSubmitted(r.out());
        if (r.exitCode() != 0 || id.isEmpty()) {
            throw new SchedulerException("sbatch rejected " + script + " (exit code " + r.exitCode() + "): "
                    + oneLine(r.err().isBlank() ? r.out() : r.err()));
        }
        return id;
    }

    @Override
    public Map<String, SlurmJob> query(Collection<String> ids) throws SchedulerException {
        Map<String, SlurmJob> jobs = new LinkedHashMap<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += BATCH) {
            List<String> batch = all.subList(i, Math.min(all.size(), i + BATCH));
            Result r = runner.run(List.of("squeue", "--noheader", "--states=all", "--format=%i|%T|%r",
                    "--jobs=" + String.join(",", batch)));
            if (r.exitCode() != 0 && !r.err().contains("Invalid job id")) {
                throw new SchedulerException("squeue failed (exit code " + r.exitCode() + "): " + oneLine(r.err()));
            }
            for (SlurmJob j : parseSqueue(r.out())) {
                jobs.put(j.id(), j.ended() && !j.state().equals("COMPLETED") ? withDetails(j) : j);
            }
        }
        List<String> forgotten = all.stream().filter(id -> !jobs.containsKey(id)).toList();
        if (!forgotten.isEmpty() && accounting) {
            for (int i = 0; i < forgotten.size(); i += BATCH) {
                List<String> batch = forgotten.subList(i, Math.min(forgotten.size(), i + BATCH));
                Result r = runner.run(List.of("sacct", "--noheader", "--parsable2", "--allocations",
                        "--format=JobID,State,ExitCode,Elapsed,NodeList", "--jobs=" + String.join(",", batch)));
                if (r.exitCode() != 0) {
                    // No accounting on this cluster ("accounting storage is disabled") or no
                    // database reachable: the store's DONE and FAILED records have to do.
                    accounting = false;
                    break;
                }
                parseSacct(r.out()).forEach(j -> jobs.putIfAbsent(j.id(), j));
            }
        }
        return jobs;
    }

    @Override
    public void cancel(Collection<String> ids) throws SchedulerException {
        if (ids.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("scancel"));
        cmd.addAll(ids);
        Result r = runner.run(cmd);
        if (r.exitCode() != 0 && !r.err().contains("Invalid job id") && !r.err().contains("already completed")) {
            throw new SchedulerException("scancel failed (exit code " + r.exitCode() + "): " + oneLine(r.err()));
        }
    }

    /** Adds the exit code, run time and time limit that {@code scontrol show job} knows. */
    private SlurmJob withDetails(SlurmJob j) {
        try {
            Result r = runner.run(List.of("scontrol", "--oneliner", "show", "job", j.id()));
            if (r.exitCode() != 0) {
                return j;
            }
            Map<String, String> f = parseScontrol(r.out());
            String details = "ran " + f.getOrDefault("RunTime", "?") + " of time limit "
                    + f.getOrDefault("TimeLimit", "?") + " on " + f.getOrDefault("NodeList", "?");
            return new SlurmJob(j.id(), j.state(), j.reason(), f.getOrDefault("ExitCode", ""), details);
        } catch (SchedulerException e) {
            return j;
        }
    }

    /** {@code 123} or {@code 123;cluster} (sbatch --parsable); "" if there is no id. */
    static String parseSubmitted(String out) {
        String first = out.strip().lines().reduce((a, b) -> b).orElse("");
        String id = first.split(";")[0].trim();
        return id.matches("[0-9]+(_[0-9]+)?") ? id : "";
    }

    /** Lines {@code id|STATE|reason}. */
    static List<SlurmJob> parseSqueue(String out) {
        List<SlurmJob> jobs = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.trim().split("\\|", -1);
            if (f.length >= 3 && !f[0].isEmpty()) {
                jobs.add(new SlurmJob(f[0], f[1], f[2], "", ""));
            }
        }
        return jobs;
    }

    /** Lines {@code JobID|State|ExitCode|Elapsed|NodeList} (sacct --parsable2). */
    static List<SlurmJob> parseSacct(String out) {
        List<SlurmJob> jobs = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.trim().split("\\|", -1);
            if (f.length >= 5 && f[0].matches("[0-9]+")) {
                jobs.add(new SlurmJob(f[0], f[1], "", f[2], "ran " + f[3] + " on " + f[4]));
            }
        }
        return jobs;
    }

    /** {@code Key=Value} fields of {@code scontrol --oneliner show job}. */
    static Map<String, String> parseScontrol(String out) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : out.strip().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        return fields;
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\n\\s*", "; ");
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Result exec(List<String> command) throws SchedulerException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new SchedulerException("cannot run " + command.get(0) + ": " + e.getMessage()
                    + " (is Slurm's client installed and on the PATH?)");
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SchedulerException(command.get(0) + " did not answer within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SchedulerException(command.get(0) + " was interrupted");
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
