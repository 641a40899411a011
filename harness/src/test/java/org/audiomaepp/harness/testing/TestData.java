package org.audiomaepp.harness.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.tasks.audio.WavWriter;

/** Tiny on-disk data (a corpus and HEAR-shaped task directories) and run configs over it. */
public final class TestData {
    private TestData() {}

    /** A corpus directory with two files. */
    public static Path corpus(Path root) {
        try {
            Path dir = Files.createDirectories(root.resolve("corpus"));
            Files.writeString(dir.resolve("a.wav"), "aaaa");
            Files.writeString(dir.resolve("b.wav"), "bbbbbb");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory holding task directories with the given names. */
    public static Path tasks(Path root, String... names) {
        try {
            Path dir = Files.createDirectories(root.resolve("tasks"));
            for (String name : names) {
                Path t = Files.createDirectories(dir.resolve(name));
                // A valid HEAR task (`harness tasks check` passes it): run and plan check every task first.
                Files.writeString(t.resolve("task_metadata.json"), "{\"task_name\": \"" + name + "\", \"version\": \"v1\","
                        + " \"mode\": \"full\", \"embedding_type\": \"scene\", \"prediction_type\": \"multiclass\","
                        + " \"split_mode\": \"new_split_kfold\", \"nfolds\": 3, \"sample_duration\": 0.01,"
                        + " \"evaluation\": [\"top1_acc\"], \"splits\": [\"fold00\", \"fold01\", \"fold02\"]}");
                Files.writeString(t.resolve("labelvocabulary.csv"), "idx,label\n0,a\n1,b\n");
                for (String fold : List.of("fold00", "fold01", "fold02")) {
                    Files.writeString(t.resolve(fold + ".json"), "{\"x.wav\": [\"a\"], \"w.wav\": [\"b\"]}");
                    WavWriter.writePcm16(t.resolve("16000").resolve(fold).resolve("x.wav"), new float[160], 16000);
                    WavWriter.writePcm16(t.resolve("16000").resolve(fold).resolve("w.wav"), new float[160], 16000);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resolved run config over {@code corpus} and every task under {@code tasks}. */
    public static Map<String, Object> config(Path corpus, Path tasks) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", new LinkedHashMap<>(Map.of("preset", "tiny", "block", "plusplus", "mask_ratio", 0.8)));
        c.put("pretrain", new LinkedHashMap<>(Map.of("corpus", corpus.toString(), "epochs", 2, "seed", 0)));
        c.put("embedding", new LinkedHashMap<>(Map.of("pad", "zero")));
        c.put("tasks", new LinkedHashMap<>(Map.of("dir", tasks.toString(), "suite", "all")));
        c.put("probe", new LinkedHashMap<>(Map.of("grid", "restricted", "seeds", 2)));
        return c;
    }

    /** A copy of {@code config} with {@code section.key} set to {@code value}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> with(Map<String, Object> config, String section, String key, Object value) {
        Map<String, Object> c = new LinkedHashMap<>();
        config.forEach((k, v) -> c.put(k, v instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : v));
        ((Map<String, Object>) c.get(section)).put(key, value);
        return c;
    }

    /** Task names in a list, for readability at call sites. */
    public static List<String> names(String... names) {
        return List.of(names);
    }
}
