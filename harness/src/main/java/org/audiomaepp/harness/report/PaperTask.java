package org.audiomaepp.harness.report;

import java.util.Optional;

/**
 * The ten HEAR tasks of the paper's Table 2, in its column order, with the group headings the table
 * uses. {@link #id()} is the {@code paper_task} value in {@code scores.csv} and the {@code task}
 * value in {@code reports/reference/audiomaepp-table2.csv}.
 */
public enum PaperTask {
    BEIJING_OPERA("beijing_opera", "BO", Group.MUSIC, "beijing_opera-v1.0-hear2021-full"),
    MRIDANGAM_STROKE("mridangam_stroke", "Mri-S", Group.MUSIC, "mridangam_stroke-v1.5-full"),
    MRIDANGAM_TONIC("mridangam_tonic", "Mri-T", Group.MUSIC, "mridangam_tonic-v1.5-full"),
    NSYNTH_PITCH_5H("nsynth_pitch_5h", "NS-5h", Group.MUSIC, "nsynth_pitch-v2.2.3-5h"),
    CREMA_D("crema_d", "CD", Group.SPEECH, "tfds_crema_d-1.0.0-full"),
    LIBRICOUNT("libricount", "LC", Group.SPEECH, "libricount-v1.0.0-hear2021-full"),
    SPEECH_COMMANDS_5H("speech_commands_5h", "SC-5h", Group.SPEECH, "speech_commands-v0.0.2-5h"),
    VOX_LINGUA_TOP10("vox_lingua_top10", "VL", Group.SPEECH, "vox_lingua_top10-hear2021-full"),
    ESC50("esc50", "E50", Group.AUDIO, "esc50-v2.0.0-full"),
    FSD50K("fsd50k", "F50K", Group.AUDIO, "fsd50k-v1.0-full");

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
    private final String label;
    private final Group group;
    private final String directory;

    PaperTask(String id, String label, Group group, String directory) {
        this.id = id;
        this.label = label;
        this.group = group;
        this.directory = directory;
    }

    public String id() {
        return id;
    }

    /** The short column label of the paper (BO, Mri-S, …). */
    public String label() {
        return label;
    }

    public Group group() {
        return group;
    }

    /** The HEAR task directory name (protocol §2). */
    public String directory() {
        return directory;
    }

    /** The paper task whose HEAR directory has this name. */
    public static Optional<PaperTask> byDirectory(String directory) {
        for (PaperTask t : values()) {
            if (t.directory.equals(directory)) {
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
        return byId(paperTask).filter(t -> t.directory.equals(taskDirectory));
    }
}
