package org.audiomaepp.tasks.probe;

import java.util.List;

/**
 * The frozen embeddings and labels of one HEAR split (e.g. {@code fold00}): row {@code i} of the
 * row-major {@code [n, dim]} matrix {@code x} embeds {@code files.get(i)}, labelled with the label
 * indices {@code labels.get(i)}.
 */
public record SplitData(String name, List<String> files, float[] x, int dim, List<int[]> labels) {
    public SplitData {
        files = List.copyOf(files);
        labels = List.copyOf(labels);
        if (files.size() != labels.size() || (long) files.size() * dim != x.length) {
            throw new IllegalArgumentException("split " + name + ": " + files.size() + " files, "
                    + labels.size() + " label lists, " + x.length + " values of dim " + dim);
        }
    }

    /** Number of clips. */
    public int size() {
        return files.size();
    }
}
