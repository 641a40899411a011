package org.audiomaepp.harness.report;

import java.util.Optional;
import org.audiomaepp.tasks.hear.KnownTask;
import org.audiomaepp.tasks.hear.KnownTasks;

/**
 * The ten HEAR tasks of the paper's Table 2, in its column order, with the group headings the table
 * uses; their labels and HEAR directories come from {@link KnownTasks}. {@link #id()} is the
 * {@code paper_task} value in {@code scores.csv} and the {@code task} value in
 * {@code reports/reference/audiomaepp-table2.csv}.
 */
public enum PaperTask {
    BEIJING_OPERA("beijing_opera", Group.MUSIC),
    MRIDANGAM_STROKE("mridangam_stroke", Group.MUSIC),
    MRIDANGAM_TONIC("mridangam_tonic", Group.MUSIC),
    NSYNTH_PITCH_5H("nsynth_pitch_5h", Group.MUSIC),
    CREMA_D("crema_d", Group.SPEECH),
    LIBRICOUNT("libricount", Group.SPEECH),
    SPEECH_COMMANDS_5H("speech_commands_5h", Group.SPEECH),
    VOX_LINGUA_TOP10("vox_lingua_top10", Group.SPEECH),
    ESC50("esc50", Group.AUDIO),
    FSD50K("fsd50k", Group.AUDIO);

    /** A heading over a group of columns. */
    public enum Group {
        MUSIC("Music & pitch"),
        SPEECH("Speech"),
        AUDIO("Audio"),
        OTHER("Other tasks");

        private final String heading;

        Group(String heading) {
            this.heading = heading;
        }

        public String heading() {
            return heading;
        }
    }

    private final String id;
    private final Group group;
    private final KnownTask known;

    PaperTask(String id, Group group) {
        this.id = id;
        this.group = group;
        this.known = KnownTasks.all().stream().filter(t -> t.column().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no known HEAR task for paper column " + id));
    }

    public String id() {
        return id;
    }

    /** The short column label of the paper (BO, Mri-S, …). */
    public String label() {
        return known.id();
    }

    public Group group() {
        return group;
    }

    /** The HEAR task directory name (docs/protocol.md §2). */
    public String directory() {
        return known.directory();
    }

    /** The paper task whose HEAR directory has this name. */
    public static Optional<PaperTask> byDirectory(String directory) {
        for (PaperTask t : values()) {
            if (t.directory().equals(directory)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The paper task with this id; empty for {@code ""} or a task the paper does not have. */
    public static Optional<PaperTask> byId(String id) {
        for (PaperTask t : values()) {
            if (t.id.equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The paper task that {@code taskDirectory} really is: its {@code paperTask} column, but only
     * when the directory is that task's HEAR directory. A synthetic stand-in placed in a paper
     * column is not the paper's task, so its scores never share a scale with the published rows.
     */
    public static Optional<PaperTask> real(String taskDirectory, String paperTask) {
        return byId(paperTask).filter(t -> t.directory().equals(taskDirectory));
    }
}
