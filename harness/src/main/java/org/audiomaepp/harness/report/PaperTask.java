package org.audiomaepp.harness.report;

import java.util.Optional;

/**
 * The ten HEAR tasks of the paper's Table 2, in its column order, with the group headings the table
 * uses. {@link #id()} is the {@code paper_task} value in {@code scores.csv} and the {@code task}
 * value in {@code reports/reference/audiomaepp-table2.csv}.
 */
public enum PaperTask {
    BEIJING_OPERA("beijing_opera", "BO", Group.MUSIC),
    MRIDANGAM_STROKE("mridangam_stroke", "Mri-S", Group.MUSIC),
    MRIDANGAM_TONIC("mridangam_tonic", "Mri-T", Group.MUSIC),
    NSYNTH_PITCH_5H("nsynth_pitch_5h", "NS-5h", Group.MUSIC),
    CREMA_D("crema_d", "CD", Group.SPEECH),
    LIBRICOUNT("libricount", "LC", Group.SPEECH),
    SPEECH_COMMANDS_5H("speech_commands_5h", "SC-5h", Group.SPEECH),
    VOX_LINGUA_TOP10("vox_lingua_top10", "VL", Group.SPEECH),
    ESC50("esc50", "E50", Group.AUDIO),
    FSD50K("fsd50k", "F50K", Group.AUDIO);

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

    PaperTask(String id, String label, Group group) {
        this.id = id;
        this.label = label;
        this.group = group;
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

    /** The paper task with this id; empty for {@code ""} or a task the paper does not have. */
    public static Optional<PaperTask> byId(String id) {
        for (PaperTask t : values()) {
            if (t.id.equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
