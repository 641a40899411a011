package org.audiomaepp.tasks.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.audiomaepp.tasks.BadInputException;
import org.audiomaepp.tasks.hear.Example;
import org.audiomaepp.tasks.hear.HearTask;
import org.audiomaepp.tasks.hear.TaskSplits;
import org.audiomaepp.tasks.io.Npy;
import org.audiomaepp.tasks.metrics.Metrics;

/**
 * Reads an embedding set for a HEAR task into {@link ProbeData}. Two layouts are recognized:
 *
 * <ul>
 *   <li>the harness's own (written by the embed stage): per split name {@code <split>},
 *       {@code <split>.npy} (float32 {@code [n, E]}) and {@code <split>.index.json} =
 *       {@code {"files": [...], "labels": [[...], ...]}}, row i embedding {@code files[i]};
 *   <li>hear-eval-kit's per-file layout: {@code <split>/<file>.embedding.npy} (float32
 *       {@code [E]} or {@code [1, E]}), optionally beside {@code <file>.target-labels.json}.
 * </ul>
 *
 * Labels always come from the task directory (the embedding files' own label lists are not
 * trusted). Every file of every split must have exactly one embedding, all of one dimension, with
 * no NaN or infinity; otherwise a {@link BadInputException} names the files and the fix.
 */
public final class Embeddings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUOTED = 5;
    private static final String PER_FILE_SUFFIX = ".embedding.npy";
    private static final String LABELS_SUFFIX = ".target-labels.json";

    private Embeddings() {}

    /** Loads the embeddings in {@code dir} for every split of {@code task}. */
    public static ProbeData load(Path dir, HearTask task) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no such embeddings directory");
        }
        List<String> splitNames = task.metadata().splits();
        String first = splitNames.get(0);
        boolean harnessLayout = Files.isRegularFile(dir.resolve(first + ".index.json"));
        boolean perFileLayout = Files.isDirectory(dir.resolve(first));
        if (!harnessLayout && !perFileLayout) {
            throw new BadInputException(dir + ": no embeddings for split '" + first + "'; expected "
                    + first + ".npy + " + first + ".index.json (harness layout) or a folder " + first
                    + "/ of <file>" + PER_FILE_SUFFIX + " (hear-eval-kit layout)");
        }
        Map<String, SplitData> splits = new LinkedHashMap<>();
        int dim = -1;
        String dimFrom = null;
        for (String split : splitNames) {
            Loaded loaded = harnessLayout ? readHarness(dir, split) : readPerFile(dir, split);
            SplitData data = match(loaded, task, split);
            if (dim >= 0 && data.dim() != dim) {
                throw new BadInputException(loaded.source + ": embeddings have dimension " + data.dim()
                        + " but " + dimFrom + " has " + dim + "; all splits must come from the same embedding run");
            }
            dim = data.dim();
            dimFrom = loaded.source.toString();
            splits.put(split, data);
        }
        return new ProbeData(task.name(), splits, TaskSplits.of(task), task.numLabels(),
                task.metadata().predictionType(), Metrics.fromNames(task.metadata().evaluation()));
    }

    /**
     * Writes one split in the harness layout: {@code <split>.npy} and {@code <split>.index.json}
     * (files in row order and, for a reader's convenience, their label strings).
     */
    public static void writeSplit(Path dir, String split, List<String> files, List<List<String>> labels, float[][] rows)
            throws IOException {
        if (files.size() != rows.length || labels.size() != rows.length) {
            throw new IllegalArgumentException(files.size() + " files, " + labels.size() + " label lists, " + rows.length + " rows");
        }
        Files.createDirectories(dir);
        Npy.write(dir.resolve(split + ".npy"), rows);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("files", files);
        index.put("labels", labels);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(split + ".index.json").toFile(), index);
    }

    /**
     * Writes one split in hear-eval-kit's per-file layout: {@code <split>/<file>.embedding.npy}
     * (float32 {@code [E]}) and {@code <split>/<file>.target-labels.json} (the file's label strings),
     * which the kit's downstream evaluation and {@link #load} read.
     */
    public static void writePerFile(Path dir, String split, List<String> files, List<List<String>> labels,
            float[][] rows) throws IOException {
        if (files.size() != rows.length || labels.size() != rows.length) {
            throw new IllegalArgumentException(files.size() + " files, " + labels.size() + " label lists, " + rows.length + " rows");
        }
        Path folder = Files.createDirectories(dir.resolve(split));
        for (int i = 0; i < rows.length; i++) {
            Path file = folder.resolve(files.get(i) + PER_FILE_SUFFIX);
            if (!file.normalize().startsWith(folder.normalize())) {
                throw new BadInputException("file name " + files.get(i) + " of split " + split
                        + " leaves the split's folder; rename it in the task's split file");
            }
            Npy.write(file, new Npy.FloatArray(rows[i], new int[] {rows[i].length}));
            JSON.writeValue(folder.resolve(files.get(i) + LABELS_SUFFIX).toFile(), labels.get(i));
        }
    }

    /** Rows of one split as read from disk, before matching to the task's files. */
    private record Loaded(Path source, List<String> files, float[] x, int dim, List<Path> rowSources) {}

    private static Loaded readHarness(Path dir, String split) {
        Path index = dir.resolve(split + ".index.json");
        Path npy = dir.resolve(split + ".npy");
        if (!Files.isRegularFile(index) || !Files.isRegularFile(npy)) {
            throw new BadInputException(dir + ": split '" + split + "' needs both " + npy.getFileName() + " and "
                    + index.getFileName() + "; re-run the embed stage for this task");
        }
        List<String> files = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(index.toFile());
            JsonNode list = root == null ? null : root.get("files");
            if (list == null || !list.isArray()) {
                throw new BadInputException(index + ": expected {\"files\": [...], \"labels\": [...]}");
            }
            list.forEach(n -> files.add(n.asText()));
        } catch (IOException e) {
            throw new BadInputException(index + ": not readable JSON (" + e.getMessage() + ")", e);
        }
        Npy.FloatArray a;
        try {
            a = Npy.read(npy);
        } catch (IOException e) {
            throw new BadInputException(npy + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (a.shape().length != 2 || a.rows() != files.size()) {
            throw new BadInputException(npy + ": shape " + java.util.Arrays.toString(a.shape()) + " but "
                    + index.getFileName() + " lists " + files.size() + " files; expected [" + files.size()
                    + ", E]. Re-run the embed stage for this task");
        }
        return new Loaded(npy, files, a.data(), a.cols(), java.util.Collections.nCopies(files.size(), npy));
    }

    private static Loaded readPerFile(Path dir, String split) {
        Path folder = dir.resolve(split);
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(dir + ": no folder " + split + "/ of <file>" + PER_FILE_SUFFIX + " files");
        }
        List<Path> paths;
        try (Stream<Path> s = Files.list(folder)) {
            paths = s.filter(p -> p.getFileName().toString().endsWith(PER_FILE_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
        List<String> files = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        int dim = -1;
        for (Path p : paths) {
            String name = p.getFileName().toString();
            files.add(name.substring(0, name.length() - PER_FILE_SUFFIX.length()));
            Npy.FloatArray a;
            try {
                a = Npy.read(p);
            } catch (IOException e) {
                throw new BadInputException(p + ": cannot read (" + e.getMessage() + ")", e);
            }
            boolean oneRow = a.shape().length == 1 || (a.shape().length == 2 && a.rows() == 1);
            if (!oneRow) {
                throw new BadInputException(p + ": shape " + java.util.Arrays.toString(a.shape())
                        + "; a scene embedding must be [E] or [1, E]");
            }
            if (dim >= 0 && a.data().length != dim) {
                throw new BadInputException(p + ": dimension " + a.data().length + " but other files of "
                        + folder + " have " + dim);
            }
            dim = a.data().length;
            rows.add(a.data());
        }
        float[] x = new float[Math.max(0, dim) * rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, x, i * dim, dim);
        }
        return new Loaded(folder, files, x, Math.max(dim, 0), paths);
    }

    /** Puts rows in the task's file order, checking coverage and values. */
    private static SplitData match(Loaded loaded, HearTask task, String split) {
        List<Example> examples = task.examples(split);
        Map<String, Integer> row = new HashMap<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int i = 0; i < loaded.files.size(); i++) {
            if (row.put(loaded.files.get(i), i) != null) {
                duplicates.add(loaded.files.get(i));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new BadInputException(loaded.source + ": files embedded more than once: " + quote(duplicates));
        }
        Set<String> expected = examples.stream().map(Example::file).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> missing = expected.stream().filter(f -> !row.containsKey(f)).toList();
        List<String> extra = loaded.files.stream().filter(f -> !expected.contains(f)).toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            StringBuilder sb = new StringBuilder(loaded.source + ": embeddings do not match split '" + split
                    + "' of task " + task.name() + ":");
            if (!missing.isEmpty()) {
                sb.append(" missing ").append(missing.size()).append(" file(s): ").append(quote(missing)).append(';');
            }
            if (!extra.isEmpty()) {
                sb.append(" ").append(extra.size()).append(" file(s) not in the task: ").append(quote(extra)).append(';');
            }
            sb.append(" embed this task directory again");
            throw new BadInputException(sb.toString());
        }
        int dim = loaded.dim;
        float[] x = new float[examples.size() * dim];
        List<String> files = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            int r = row.get(e.file());
            for (int d = 0; d < dim; d++) {
                float v = loaded.x[r * dim + d];
                if (!Float.isFinite(v)) {
                    throw new BadInputException(loaded.rowSources.get(r) + ": embedding of " + e.file() + " holds "
                            + v + " at dimension " + d + "; the encoder produced non-finite values, fix it and embed again");
                }
                x[i * dim + d] = v;
            }
            files.add(e.file());
            labels.add(e.labelIndices());
        }
        return new SplitData(split, files, x, dim, labels);
    }

    private static String quote(java.util.Collection<String> names) {
        String shown = names.stream().limit(QUOTED).collect(Collectors.joining(", "));
        return names.size() > QUOTED ? shown + " and " + (names.size() - QUOTED) + " more" : shown;
    }
}
