package org.audiomaepp.tasks.hear;

import static org.audiomaepp.tasks.hear.PredictionType.MULTICLASS;
import static org.audiomaepp.tasks.hear.PredictionType.MULTILABEL;
import static org.audiomaepp.tasks.hear.SplitMode.NEW_SPLIT_KFOLD;
import static org.audiomaepp.tasks.hear.SplitMode.PRESPLIT_KFOLD;
import static org.audiomaepp.tasks.hear.SplitMode.TRAINVALTEST;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ten HEAR tasks of the paper (docs/protocol.md §2) and the suites that name them together, so a sweep
 * can say {@code E50}, {@code esc50-v2.0.0-full} or {@code hear10}. Synthetic stand-ins (written by
 * {@code synth-tasks}) are placed in the paper's columns through their {@code synthetic_counterpart}
 * metadata field.
 */
public final class KnownTasks {

    /** The version part of every synthetic task directory name. */
    public static final String SYNTHETIC_VERSION = "v1.0.0";

    /** The ten tasks of the paper, in its table order. */
    public static final String HEAR10 = "hear10";
    /** The ten synthetic stand-ins at the tiny scale. */
    public static final String SYNTH10 = "synth10";
    /** The ten synthetic stand-ins at the small scale. */
    public static final String SYNTH10_SMALL = "synth10-small";

    private static final List<String> TOP1 = List.of("top1_acc");

    private static final List<KnownTask> ALL = List.of(
            new KnownTask("BO", "beijing_opera-v1.0-hear2021-full", "beijing_opera", NEW_SPLIT_KFOLD, 5,
                    MULTICLASS, TOP1, 4, 4.77),
            new KnownTask("CD", "tfds_crema_d-1.0.0-full", "crema_d", NEW_SPLIT_KFOLD, 5, MULTICLASS, TOP1, 6, 5.0),
            new KnownTask("E50", "esc50-v2.0.0-full", "esc50", PRESPLIT_KFOLD, 5, MULTICLASS, TOP1, 50, 5.0),
            new KnownTask("LC", "libricount-v1.0.0-hear2021-full", "libricount", NEW_SPLIT_KFOLD, 5, MULTICLASS,
                    TOP1, 11, 5.0),
            new KnownTask("Mri-S", "mridangam_stroke-v1.5-full", "mridangam_stroke", NEW_SPLIT_KFOLD, 5, MULTICLASS,
                    TOP1, 10, 0.81),
            new KnownTask("Mri-T", "mridangam_tonic-v1.5-full", "mridangam_tonic", NEW_SPLIT_KFOLD, 5, MULTICLASS,
                    TOP1, 6, 0.81),
            new KnownTask("NS-5h", "nsynth_pitch-v2.2.3-5h", "nsynth_pitch_5h", TRAINVALTEST, 1, MULTICLASS,
                    List.of("pitch_acc", "chroma_acc"), 88, 4.0),
            new KnownTask("SC-5h", "speech_commands-v0.0.2-5h", "speech_commands_5h", TRAINVALTEST, 1, MULTICLASS,
                    TOP1, 12, 1.0),
            new KnownTask("F50K", "fsd50k-v1.0-full", "fsd50k", TRAINVALTEST, 1, MULTILABEL,
                    List.of("mAP", "d_prime", "aucroc"), 200, null),
            new KnownTask("VL", "vox_lingua_top10-hear2021-full", "vox_lingua_top10", NEW_SPLIT_KFOLD, 5, MULTICLASS,
                    TOP1, 10, 18.64));

    private static final Map<String, List<String>> SUITES = new LinkedHashMap<>();

    static {
        SUITES.put(HEAR10, ALL.stream().map(KnownTask::directory).toList());
        SUITES.put(SYNTH10, synthetic10("tiny"));
        SUITES.put(SYNTH10_SMALL, synthetic10("small"));
    }

    private KnownTasks() {}

    /** The ten tasks in the paper's table order. */
    public static List<KnownTask> all() {
        return ALL;
    }

    /** Suite names and the directory names each stands for. */
    public static Map<String, List<String>> suites() {
        return Collections.unmodifiableMap(SUITES);
    }

    /** The task with this paper id (case-insensitive), e.g. {@code E50}, {@code mri-s}. */
    public static Optional<KnownTask> byId(String id) {
        return ALL.stream().filter(t -> t.id().equalsIgnoreCase(id)).findFirst();
    }

    /** The task with this HEAR directory name. */
    public static Optional<KnownTask> byDirectory(String directory) {
        return ALL.stream().filter(t -> t.directory().equals(directory)).findFirst();
    }

    /**
     * The paper task a task directory stands for: the task itself if its directory name is one of
     * the ten, else the one its {@code synthetic_counterpart} field names (never by
     * {@code task_name}, which is swapped in the released Mridangam tasks).
     */
    public static Optional<KnownTask> of(HearTask task) {
        return of(task.name(), task.metadata());
    }

    /** As {@link #of(HearTask)}, from the directory name and its metadata. */
    public static Optional<KnownTask> of(String directoryName, TaskMetadata metadata) {
        Optional<KnownTask> direct = byDirectory(directoryName);
        if (direct.isPresent() || metadata == null || metadata.syntheticCounterpart() == null) {
            return direct;
        }
        return byDirectory(metadata.syntheticCounterpart());
    }

    /**
     * The task directory names a sweep's task name stands for: a suite gives its members, a paper
     * id or a published column name gives that task's directory, and anything else is taken as a
     * directory name as it is (whether it exists is for the caller to check against its tasks folder).
     */
    public static List<String> resolve(String name) {
        List<String> suite = SUITES.get(name.toLowerCase(Locale.ROOT));
        if (suite != null) {
            return suite;
        }
        return byName(name).map(k -> List.of(k.directory())).orElse(List.of(name));
    }

    /** The task a paper id, published column name or HEAR directory name stands for. */
    public static Optional<KnownTask> byName(String name) {
        return byId(name)
                .or(() -> ALL.stream().filter(k -> k.column().equals(name)).findFirst())
                .or(() -> byDirectory(name));
    }

    /**
     * As {@link #resolve(String)}, looking at what {@code tasksDir} holds: the {@value #SYNTH10} suite
     * takes the small directories if all ten exist there and the tiny ones do not (else the tiny
     * ones), and a paper id or column name whose real directory is absent but whose synthetic
     * stand-in is present (tiny first, then small) gives the stand-in. A sweep over generated data
     * can so keep saying {@code synth10} or {@code [BO, E50]} whatever scale it generated.
     */
    public static List<String> resolve(String name, Path tasksDir) {
        if (SYNTH10.equalsIgnoreCase(name)) {
            List<String> tiny = synthetic10("tiny");
            List<String> small = synthetic10("small");
            boolean hasTiny = tiny.stream().allMatch(d -> Files.isDirectory(tasksDir.resolve(d)));
            boolean hasSmall = small.stream().allMatch(d -> Files.isDirectory(tasksDir.resolve(d)));
            return hasSmall && !hasTiny ? small : tiny;
        }
        Optional<KnownTask> known = byName(name);
        if (known.isPresent() && !Files.isDirectory(tasksDir.resolve(known.get().directory()))) {
            for (String scale : List.of("tiny", "small")) {
                String synthetic = known.get().syntheticDirectory(scale);
                if (Files.isDirectory(tasksDir.resolve(synthetic))) {
                    return List.of(synthetic);
                }
            }
        }
        return resolve(name);
    }

    /** The ten synthetic directory names at a scale ({@code tiny} or {@code small}), in table order. */
    public static List<String> synthetic10(String scale) {
        return ALL.stream().map(t -> t.syntheticDirectory(scale)).toList();
    }

    /** {@link #resolve(String)} over several names, keeping first-seen order and dropping repeats. */
    public static List<String> resolveAll(List<String> names) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.addAll(resolve(n));
        }
        return new ArrayList<>(out);
    }
}
