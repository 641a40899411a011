package org.audiomaepp.tasks.hear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.audiomaepp.tasks.audio.WavWriter;

/** Small valid HEAR task directories for tests, built file by file. */
final class TaskDirs {

    private TaskDirs() {}

    /** A 3-fold presplit task with labels a, b and two 0.1 s clips per fold. */
    static Path kfold(Path root) {
        Path dir = root.resolve("toy_kfold-v1-full");
        write(dir.resolve("task_metadata.json"), """
                {"task_name": "toy_kfold", "version": "v1", "mode": "full", "embedding_type": "scene",
                 "prediction_type": "multiclass", "split_mode": "presplit_kfold", "nfolds": 3,
                 "sample_duration": 0.1, "evaluation": ["top1_acc"], "splits": ["fold00", "fold01", "fold02"],
                 "download_urls": []}
                """);
        write(dir.resolve("labelvocabulary.csv"), "idx,label\n0,a\n1,b\n");
        for (int f = 0; f < 3; f++) {
            String split = String.format("fold%02d", f);
            String x = "x" + f + ".wav";
            String y = "y" + f + ".wav";
            write(dir.resolve(split + ".json"), "{\"" + x + "\": [\"a\"], \"" + y + "\": [\"b\"]}");
            wav(dir.resolve("16000").resolve(split).resolve(x), 1600, 16000);
            wav(dir.resolve("16000").resolve(split).resolve(y), 1600, 16000);
        }
        return dir;
    }

    /** A multilabel train/valid/test task with variable clip lengths (0.05 to 0.2 s). */
    static Path trainValTest(Path root) {
        Path dir = root.resolve("toy_tvt-v2-5h");
        write(dir.resolve("task_metadata.json"), """
                {"task_name": "toy_tvt", "version": "v2", "mode": "5h", "embedding_type": "scene",
                 "prediction_type": "multilabel", "split_mode": "trainvaltest",
                 "sample_duration": null, "evaluation": ["mAP", "d_prime", "aucroc"],
                 "splits": ["train", "valid", "test"]}
                """);
        write(dir.resolve("labelvocabulary.csv"), "idx,label\n0,\"bell, small\"\n1,dog\n2,rain\n");
        Map<String, String> json = Map.of(
                "train", "{\"t1.wav\": [\"dog\", \"rain\"], \"t2.wav\": [], \"t3.wav\": [\"bell, small\"]}",
                "valid", "{\"v1.wav\": [\"dog\"]}",
                "test", "{\"s1.wav\": [\"rain\", \"bell, small\"]}");
        int n = 800;
        for (String split : List.of("train", "valid", "test")) {
            write(dir.resolve(split + ".json"), json.get(split));
        }
        for (String f : List.of("train/t1.wav", "train/t2.wav", "train/t3.wav", "valid/v1.wav", "test/s1.wav")) {
            wav(dir.resolve("16000").resolve(f), n, 16000);
            n += 800;
        }
        return dir;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void wav(Path file, int frames, int rate) {
        float[] x = new float[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        try {
            WavWriter.writePcm16(file, x, rate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A consistent WAV file of silence in any format: tag 1 = integer PCM, 3 = IEEE float. */
    static void wav(Path file, int formatTag, int channels, int rate, int bits, int frames) {
        int block = channels * bits / 8;
        int data = frames * block;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) formatTag).putShort((short) channels)
                .putInt(rate).putInt(rate * block).putShort((short) block).putShort((short) bits);
        b.put("data".getBytes()).putInt(data);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path p) {
        try {
            if (Files.isDirectory(p)) {
                try (var s = Files.walk(p)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(TaskDirs::deleteOne);
                }
            } else {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteOne(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
