package org.audiomaepp.harness.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.tasks.hear.KnownTasks;

/**
 * Which task directories a run's {@code tasks} section selects: {@code names} (paper ids such as
 * {@code E50}, suite names, or directory names) or a {@code suite} ({@code hear10}, {@code synth10},
 * {@code synth10-small}, or {@code all}: every task directory under {@code dir}, also what neither
 * stands for). Names resolve
 * through {@link KnownTasks#resolve(String, Path)}, so suites are known by name even before their
 * directories exist (the plan then lists them, with provisional keys), and a paper id resolves to
 * its synthetic stand-in when only that is present.
 *
 * @param dir   the directory holding the task directories
 * @param names selected task directory names, in the order given, each once
 * @param notes what could not be resolved (for {@code plan}), empty when everything was found
 */
public record TaskSelection(Path dir, List<String> names, List<String> notes) {

    /** The suite of every task directory under {@code dir} (also what no suite and no names mean). */
    public static final String ALL = "all";

    /** Resolves a run's {@code tasks} section; {@code run} names the run in error messages. */
    public static TaskSelection of(String run, Map<String, Object> tasks) {
        Object dirValue = tasks.get("dir");
        if (dirValue == null) {
            throw new BadInputException("run " + run + ": tasks.dir is not set; give the directory holding the task directories");
        }
        Path dir = Path.of(dirValue.toString()).toAbsolutePath().normalize();
        List<String> notes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (tasks.get("names") instanceof List<?> list) {
            for (Object o : list) {
                names.addAll(KnownTasks.resolve(o.toString(), dir));
            }
        } else if (tasks.get("suite") != null && !ALL.equals(tasks.get("suite"))) {
            String suite = tasks.get("suite").toString();
            if (!KnownTasks.suites().containsKey(suite)) {
                throw new BadInputException("run " + run + ": unknown task suite '" + suite + "'; use one of "
                        + String.join(", ", KnownTasks.suites().keySet()) + ", " + ALL + ", or list the tasks under tasks.names");
            }
            names.addAll(KnownTasks.resolve(suite, dir));
        } else if (Files.isDirectory(dir)) {
            names.addAll(taskDirsIn(dir));
        } else {
            notes.add("task directory " + dir + " is not present: its tasks are unknown until it is");
        }
        return new TaskSelection(dir, List.copyOf(names), List.copyOf(notes));
    }

    private static List<String> taskDirsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("task_metadata.json")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list task directory " + dir, e);
        }
    }
}
