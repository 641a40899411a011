package org.audiomaepp.tasks.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.audiomaepp.tasks.audio.WavWriter;

/** A tiny valid 3-fold HEAR task on disk and its embeddings in the harness layout, for tests. */
final class ProbeTaskDirs {
    static final List<String> FOLDS = List.of("fold00", "fold01", "fold02");
    static final List<String> LABELS = List.of("a", "b", "c");

    private ProbeTaskDirs() {}

    /** Writes the task under {@code root} with {@code perFold} clips per fold; returns its directory. */
    static Path task(Path root, int perFold) throws IOException {
        Path dir = root.resolve("toy_probe-v1-full");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("task_metadata.json"), """
                {"task_name": "toy_probe", "version": "v1", "mode": "full", "embedding_type": "scene",
                 "prediction_type": "multiclass", "split_mode": "new_split_kfold", "nfolds": 3,
                 "sample_duration": 0.01, "evaluation": ["top1_acc", "mAP"], "splits": ["fold00", "fold01", "fold02"]}
                """);
        Files.writeString(dir.resolve("labelvocabulary.csv"), "idx,label\n0,a\n1,b\n2,c\n");
        for (String fold : FOLDS) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < perFold; i++) {
                String file = fold + "_" + i + ".wav";
                json.append(i == 0 ? "" : ", ").append('"').append(file).append("\": [\"")
                        .append(LABELS.get(i % LABELS.size())).append("\"]");
                WavWriter.writePcm16(dir.resolve("16000").resolve(fold).resolve(file), new float[160], 16000);
            }
            Files.writeString(dir.resolve(fold + ".json"), json.append('}').toString());
        }
        return dir;
    }

    /** Embeddings of that task: a cluster per label, in the harness layout under {@code dir}. */
    static Path embeddings(Path dir, int perFold, int dim) throws IOException {
        Random r = new Random(1);
        for (String fold : FOLDS) {
            List<String> files = new ArrayList<>();
            List<List<String>> labels = new ArrayList<>();
            float[][] rows = new float[perFold][dim];
            for (int i = 0; i < perFold; i++) {
                files.add(fold + "_" + i + ".wav");
                int c = i % LABELS.size();
                labels.add(List.of(LABELS.get(c)));
                for (int d = 0; d < dim; d++) {
                    rows[i][d] = (float) ((d % LABELS.size() == c ? 2.0 : 0.0) + 0.3 * r.nextGaussian());
                }
            }
            Embeddings.writeSplit(dir, fold, files, labels, rows);
        }
        return dir;
    }
}
