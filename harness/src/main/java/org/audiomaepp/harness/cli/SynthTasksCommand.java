package org.audiomaepp.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.tasks.synth.SynthScale;
import org.audiomaepp.tasks.synth.SynthTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness synth-tasks}: write the ten synthetic HEAR-format tasks and the pretraining corpus. */
@Command(
        name = "synth-tasks",
        mixinStandardHelpOptions = true,
        description = {
            "Write ten synthetic HEAR-format task directories shaped like the paper's ten tasks "
                    + "(same split modes, folds, metrics and prediction types; fewer classes, clips of at most 4 s), "
                    + "an unlabeled pretraining corpus of 16 kHz 16-bit mono WAV files in DIR/corpus/, and DIR/README.txt.",
            "Directories are named synth_<task>-v1.0.0-<scale>; the sweep suites synth10 (tiny) and "
                    + "synth10-small name them. The same seed writes the same bytes."
        })
final class SynthTasksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scale", defaultValue = "tiny", paramLabel = "SCALE",
            converter = ScaleConverter.class,
            description = "tiny (about 100 clips per task, 64 corpus clips; for CI on CPU) or small (5x more). "
                    + "Default: ${DEFAULT-VALUE}.")
    SynthScale scale;

    @Option(names = "--corpus-clips", paramLabel = "N",
            description = "Clips in the pretraining corpus (default: the scale's, 64 tiny, 320 small). "
                    + "The tasks stay the same; a larger corpus starts with the clips of the scale's.")
    Integer corpusClips;

    @Option(names = "--overwrite", description = "Replace task directories and the corpus if they already exist.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        if (corpusClips != null && corpusClips < 1) {
            throw new BadInputException("--corpus-clips must be at least 1, not " + corpusClips);
        }
        long start = System.nanoTime();
        SynthTasks.Generated g = SynthTasks.generate(out, seed, scale,
                corpusClips == null ? scale.corpusClips() : corpusClips, overwrite);
        PrintWriter w = spec.commandLine().getOut();
        for (SynthTasks.TaskSummary t : g.tasks()) {
            int clips = t.clipsPerSplit().values().stream().mapToInt(Integer::intValue).sum();
            w.printf(Locale.ROOT, "%-42s %3d labels %4d clips %7.1f s  (for %s)%n", t.directory(), t.labels(), clips,
                    t.seconds(), t.counterpart());
        }
        w.printf(Locale.ROOT, "%-42s %4d clips of %.1f s%n", SynthTasks.CORPUS + "/", g.corpusClips(),
                SynthTasks.CORPUS_SECONDS);
        w.printf(Locale.ROOT, "wrote %s (seed %d, scale %s) in %.1f s%n", out, seed, scale.label(),
                (System.nanoTime() - start) / 1e9);
        w.flush();
        return ExitCodes.OK;
    }

    /** Accepts the scale in lower case, as the help shows it. */
    static final class ScaleConverter implements picocli.CommandLine.ITypeConverter<SynthScale> {
        @Override
        public SynthScale convert(String value) {
            for (SynthScale s : SynthScale.values()) {
                if (s.label().equals(value)) {
                    return s;
                }
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "'" + value + "' is not a scale; use tiny or small");
        }
    }
}
