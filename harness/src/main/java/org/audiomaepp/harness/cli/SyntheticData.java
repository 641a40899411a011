package org.audiomaepp.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.corpus.CorpusFiles;
import org.audiomaepp.harness.sweep.Run;
import org.audiomaepp.harness.sweep.Sweep;
import org.audiomaepp.tasks.synth.SynthScale;
import org.audiomaepp.tasks.synth.SynthTasks;

/**
 * The data step for sweeps with a {@code synthetic: {scale, seed}} section: generates the synthetic
 * tasks and corpus ({@link SynthTasks}) when they are missing, into the directory {@code DIR} the
 * run's paths point at ({@code tasks.dir = DIR/tasks}, {@code pretrain.corpus = DIR/corpus}).
 *
 * <p>Generation happens under an exclusive file lock ({@code DIR/../.DIR.lock}) into a temporary
 * sibling directory that is renamed to {@code DIR} when complete, so two {@code run} processes
 * never both generate, and a crash never leaves half-written data under the real name; what a
 * killed generation left in its temporary directory is removed by the next run that takes the lock. The same
 * seed gives the same bytes, so regenerated data keeps every job key.
 */
final class SyntheticData implements DataStep {

    /** One place to generate into, and what. */
    private record Target(Path dir, SynthScale scale, long seed, int corpusClips) {

        String describe() {
            return scale.label() + ", seed " + seed + ", " + corpusClips + " corpus clips";
        }
    }

    @Override
    public void prepare(Sweep sweep, PrintWriter out) throws IOException {
        Map<Path, Target> targets = new LinkedHashMap<>();
        for (Run run : sweep.runs()) {
            if (run.value("synthetic").isEmpty()) {
                continue;
            }
            Target t = target(sweep, run);
            Target other = targets.putIfAbsent(t.dir(), t);
            if (other != null && !other.equals(t)) {
                throw new BadInputException(sweep.file() + ": runs ask for different synthetic data (" + other.describe()
                        + "; " + t.describe() + ") in the same directory " + t.dir()
                        + "; give them different tasks.dir / pretrain.corpus");
            }
        }
        for (Target t : targets.values()) {
            ensure(t, out);
        }
    }

    private static Target target(Sweep sweep, Run run) {
        Path tasks = Path.of(run.value("tasks.dir").orElseThrow().toString()).toAbsolutePath().normalize();
        // A run that starts from a checkpoint (pretrain.from) has no corpus; the data is generated whole anyway.
        Path corpus = run.value("pretrain.corpus").map(v -> Path.of(v.toString()).toAbsolutePath().normalize())
                .orElse(null);
        Path dir = tasks.getParent();
        if (dir == null || !tasks.getFileName().toString().equals(SynthTasks.TASKS)
                || corpus != null && !corpus.equals(dir.resolve(SynthTasks.CORPUS))) {
            throw new BadInputException(sweep.file() + ": run " + run.name() + " asks for synthetic data, which is written"
                    + " as DIR/" + SynthTasks.TASKS + " and DIR/" + SynthTasks.CORPUS + "; set tasks.dir: DIR/"
                    + SynthTasks.TASKS + " and pretrain.corpus: DIR/" + SynthTasks.CORPUS + " (now " + tasks + " and "
                    + (corpus == null ? "no corpus" : corpus) + ")");
        }
        SynthScale scale = SynthScale.valueOf(run.value("synthetic.scale").orElse("tiny").toString().toUpperCase(Locale.ROOT));
        long seed = Long.parseLong(run.value("synthetic.seed").orElse(0L).toString());
        int clips = run.value("synthetic.corpus_clips").map(v -> Integer.parseInt(v.toString())).orElse(scale.corpusClips());
        return new Target(dir, scale, seed, clips);
    }

    private static void ensure(Target t, PrintWriter out) throws IOException {
        Path parent = t.dir().getParent();
        Path lockFile = parent.resolve("." + t.dir().getFileName() + ".lock");
        if (complete(t)) {
            if (!leftovers(t).isEmpty()) {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.tryLock()) {
                    if (lock != null) {
                        removeLeftovers(t, out);
                    }
                } catch (IOException e) {
                    // Data someone else generated, in a directory this process may only read: the
                    // data is complete, and the leftovers are theirs to remove.
                    out.println("could not remove what an interrupted generation left in " + parent + ": " + e.getMessage());
                }
            }
            return;
        }
        Files.createDirectories(parent);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            removeLeftovers(t, out);
            if (complete(t)) {
                return;
            }
            if (Files.exists(t.dir()) && !isEmptyDir(t.dir())) {
                throw new BadInputException(t.dir() + " holds part of the synthetic data the sweep asks for (or other"
                        + " files): delete it to have it generated again, or point SYNTH_DIR / the sweep's paths elsewhere");
            }
            out.printf("generating synthetic data (%s) into %s%n", t.describe(), t.dir());
            out.flush();
            long start = System.nanoTime();
            // Named, not Files.createTempDirectory (0700): the data follows the umask, for a shared group.
            Path tmp = Files.createDirectory(parent.resolve(tmpPrefix(t) + UUID.randomUUID()));
            try {
                SynthTasks.Generated g = SynthTasks.generate(tmp, t.seed(), t.scale(), t.corpusClips(), false);
                Files.deleteIfExists(t.dir());
                Files.move(tmp, t.dir(), StandardCopyOption.ATOMIC_MOVE);
                out.printf("generated %d tasks and %d corpus clips in %.1f s%n", g.tasks().size(), g.corpusClips(),
                        (System.nanoTime() - start) / 1e9);
                out.flush();
            } finally {
                FileTrees.deleteTree(tmp);
            }
        }
    }

    private static String tmpPrefix(Target t) {
        return ".tmp-" + t.dir().getFileName() + "-";
    }

    /** Temporary directories of generations that were killed before their rename. */
    private static List<Path> leftovers(Target t) throws IOException {
        Path parent = t.dir().getParent();
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().startsWith(tmpPrefix(t))).toList();
        }
    }

    /** Removes {@link #leftovers}; only under the lock, which every generation holds while it writes. */
    private static void removeLeftovers(Target t, PrintWriter out) throws IOException {
        for (Path p : leftovers(t)) {
            FileTrees.deleteTree(p);
            out.println("removed " + p + ", left by an interrupted generation");
        }
        out.flush();
    }

    /**
     * True if every task directory of the scale and the corpus are there. A corpus of another size
     * is an error: the directory holds data generated for another request.
     */
    private static boolean complete(Target t) throws IOException {
        List<String> tasks = SynthTasks.directoryNames(t.scale());
        Path corpus = t.dir().resolve(SynthTasks.CORPUS);
        boolean done = Files.isDirectory(corpus)
                && tasks.stream().allMatch(n -> Files.isRegularFile(t.dir().resolve(SynthTasks.TASKS).resolve(n)
                        .resolve("task_metadata.json")));
        if (done) {
            int clips = CorpusFiles.of(corpus).files().size();
            if (clips != t.corpusClips()) {
                throw new BadInputException(corpus + " holds " + clips + " clips, the sweep asks for " + t.corpusClips()
                        + " (synthetic.corpus_clips): delete " + t.dir() + " to have the data generated again, or point"
                        + " SYNTH_DIR / the sweep's paths elsewhere");
            }
        }
        return done;
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
