package org.audiomaepp.tasks.hear;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated HEAR scene task, as read by {@link HearTaskReader}.
 *
 * @param directory  the task directory
 * @param name       the directory name: the task's identity (never {@code task_name}, which is
 *                   wrong in the released Mridangam tasks)
 * @param metadata   {@code task_metadata.json}
 * @param vocabulary labels in {@code labelvocabulary.csv} order: label index i is {@code vocabulary.get(i)}
 * @param examples   per split (in metadata order) its examples, in {@code <split>.json} order
 */
public record HearTask(
        Path directory,
        String name,
        TaskMetadata metadata,
        List<String> vocabulary,
        Map<String, List<Example>> examples) {

    public HearTask {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
        vocabulary = List.copyOf(vocabulary);
        Map<String, List<Example>> copy = new LinkedHashMap<>();
        examples.forEach((split, list) -> copy.put(split, List.copyOf(list)));
        examples = Collections.unmodifiableMap(copy);
    }

    /** Number of labels in the vocabulary (the probe's output width). */
    public int numLabels() {
        return vocabulary.size();
    }

    /** The examples of one split. */
    public List<Example> examples(String split) {
        List<Example> list = examples.get(split);
        if (list == null) {
            throw new IllegalArgumentException("task " + name + " has no split " + split + "; it has " + examples.keySet());
        }
        return list;
    }

    /** All examples, split after split. */
    public int size() {
        return examples.values().stream().mapToInt(List::size).sum();
    }
}
