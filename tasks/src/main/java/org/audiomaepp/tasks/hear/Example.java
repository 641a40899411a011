package org.audiomaepp.tasks.hear;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One clip of a split: its file name as listed in {@code <split>.json}, where its audio is, and
 * its labels both as strings and as indices into the task's vocabulary (same order).
 */
public record Example(String file, Path audio, List<String> labels, int[] labelIndices) {

    public Example {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(audio, "audio");
        labels = List.copyOf(labels);
        labelIndices = labelIndices.clone();
        if (labels.size() != labelIndices.length) {
            throw new IllegalArgumentException("labels and labelIndices differ in length for " + file);
        }
    }

    @Override
    public int[] labelIndices() {
        return labelIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e
                && file.equals(e.file)
                && audio.equals(e.audio)
                && labels.equals(e.labels)
                && Arrays.equals(labelIndices, e.labelIndices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, audio, labels, Arrays.hashCode(labelIndices));
    }

    @Override
    public String toString() {
        return "Example[" + file + " " + labels + "]";
    }
}
