package org.audiomaepp.harness.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.audiomaepp.harness.BadInputException;

/**
 * Which task directories a run's {@code tasks} section selects: {@code names} (paper ids such as
 * {@code E50}, or directory names) or a {@code suite} ({@code hear10}; {@code synth10} or
 * {@code all} for every task directory under {@code dir}).
 *
 * @param dir   the directory holding the task directories
 * @param names selected task directory names, in the order given
 * @param notes what could not be resolved (for {@code plan}), empty when everything was found
 */
public record TaskSelection(Path dir, List<String> names, List<String> notes) {

    /** The ten HEAR tasks of the paper's Table 1, by the ids the paper uses. */
    public static final Map<String, String> HEAR10 = hear10();

    private static Map<String, String> hear10() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("BO", "beijing_opera-v1.0-hear2021-full");
        m.put("CD", "tfds_crema_d-1.0.0-full");
        m.put("E50", "esc50-v2.0.0-full");
        m.put("LC", "libricount-v1.0.0-hear2021-full");
        m.put("Mri-S", "mridangam_stroke-v1.5-full");
        m.put("Mri-T", "mridangam_tonic-v1.5-full");
        m.put("NS-5h", "nsynth_pitch-v2.2.3-5h");
        m.put("SC-5h", "speech_commands-v0.0.2-5h");
        m.put("F50K", "fsd50k-v1.0-full");
        m.put("VL", "vox_lingua_top10-hear2021-full");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Resolves a run's {@code tasks} section; {@code run} names the run in error messages. */
    public static TaskSelection of(String run, Map<String, Object> tasks) {
        Object dirValue = tasks.get("dir");
        if (dirValue == null) {
            throw new BadInputException("run " + run + ": tasks.dir is not set; give the directory holding the task directories");
        }
        Path dir = Path.of(dirValue.toString()).toAbsolutePath().normalize();
        List<String> notes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (tasks.get("names") instanceof List<?> list) {
            for (Object o : list) {
                names.add(HEAR10.getOrDefault(o.toString(), o.toString()));
            }
        } else {
            String suite = String.valueOf(tasks.getOrDefault("suite", "all"));
            switch (suite) {
                case "hear10" -> names.addAll(HEAR10.values());
                // The synthetic suites are whatever synth-tasks wrote under dir.
                case "all", "synth10", "synth10-small" -> {
                    if (Files.isDirectory(dir)) {
                        names.addAll(taskDirsIn(dir));
                    } else {
                        notes.add("task directory " + dir + " is not present: its tasks are unknown until it is");
                    }
                }
                default -> throw new BadInputException("run " + run + ": unknown task suite '" + suite
                        + "'; use hear10, synth10, all, or list the tasks under tasks.names");
            }
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
