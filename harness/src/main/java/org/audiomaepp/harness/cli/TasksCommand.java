package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.tasks.hear.Example;
import org.audiomaepp.tasks.hear.HearTask;
import org.audiomaepp.tasks.hear.HearTaskReader;
import org.audiomaepp.tasks.hear.KnownTasks;
import org.audiomaepp.tasks.hear.Problem;
import org.audiomaepp.tasks.hear.TaskCheck;
import org.audiomaepp.tasks.hear.TaskMetadata;
import org.audiomaepp.tasks.hear.TaskSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness tasks ...}: commands about HEAR task directories. */
@Command(
        name = "tasks",
        mixinStandardHelpOptions = true,
        description = "Inspect HEAR task directories.",
        subcommands = {TasksCommand.Check.class})
final class TasksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /** {@code harness tasks check DIR...}: validate task directories and summarize them. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Validate HEAR scene task directories (metadata, vocabulary, split files, audio headers) "
                        + "and print a summary of each, with every problem found.",
                "Audio files present but not listed in their split file are warnings; everything else is an error."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:every task is usable (warnings allowed)",
                "1:at least one task has an error",
                "2:bad usage, e.g. a path that does not exist",
            })
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Task directories, e.g. tasks/esc50-v2.0.0-full.")
        List<Path> dirs;

        @Override
        public Integer call() {
            List<String> missing = dirs.stream().filter(d -> !Files.isDirectory(d)).map(Path::toString).toList();
            if (!missing.isEmpty()) {
                throw new BadInputException("not a directory: " + String.join(", ", missing)
                        + "; pass existing HEAR task directories");
            }
            PrintWriter out = spec.commandLine().getOut();
            int bad = 0;
            for (Path dir : dirs) {
                TaskCheck check = HearTaskReader.check(dir);
                print(out, check);
                if (!check.ok()) {
                    bad++;
                }
            }
            if (dirs.size() > 1) {
                out.printf("%d task(s) checked: %d usable, %d with errors%n", dirs.size(), dirs.size() - bad, bad);
            }
            out.flush();
            return bad == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }

        private static void print(PrintWriter out, TaskCheck check) {
            long errors = check.problems().stream().filter(Problem::isError).count();
            long warnings = check.problems().size() - errors;
            String status = errors > 0 ? errors + " error(s)" : "OK";
            if (warnings > 0) {
                status += ", " + warnings + " warning(s)";
            }
            out.printf("%s: %s%n", check.directory().getFileName(), status);
            HearTask task = check.task();
            if (task != null) {
                TaskMetadata md = task.metadata();
                String paper = KnownTasks.of(task)
                        .map(k -> "; paper task " + k.id() + " (" + k.column() + ")"
                                + (md.syntheticCounterpart() != null ? ", synthetic stand-in" : ""))
                        .orElse("");
                row(out, "task", md.taskName() + " " + nullToEmpty(md.version()) + " (" + nullToEmpty(md.mode()) + "), "
                        + md.embeddingType() + ", " + md.predictionType().jsonName() + ", " + task.numLabels()
                        + " classes" + paper);
                int rotations = TaskSplits.of(task).size();
                row(out, "splits", md.splitMode().jsonName() + (md.splitMode().isKFold()
                        ? ", " + md.splits().size() + " folds, " + rotations + " train/valid/test rotations"
                        : ", 1 train/valid/test split"));
                Map<String, List<Example>> ex = task.examples();
                row(out, "files", ex.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size())
                        .collect(Collectors.joining(", ")) + " (" + task.size() + " total)");
                List<String> metrics = new ArrayList<>(md.evaluation());
                metrics.set(0, metrics.get(0) + " (primary)");
                row(out, "metrics", String.join(", ", metrics));
            }
            TaskCheck.Durations d = check.durations();
            if (d != null) {
                String declared = task == null ? ""
                        : task.metadata().sampleDuration() == null ? "; sample_duration: variable"
                        : "; sample_duration: " + task.metadata().sampleDuration() + " s";
                row(out, "durations", String.format(Locale.ROOT, "%.2f-%.2f s, %.1f s in total over %d files%s",
                        d.minSeconds(), d.maxSeconds(), d.totalSeconds(), d.files(), declared));
            }
            for (Problem p : check.problems()) {
                out.println("  " + p);
            }
        }

        private static void row(PrintWriter out, String key, String value) {
            out.printf("  %-10s %s%n", key, value);
        }

        private static String nullToEmpty(String s) {
            return s == null ? "-" : s;
        }
    }
}
