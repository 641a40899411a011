package org.audiomaepp.tasks.hear;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.audiomaepp.tasks.BadInputException;
import org.audiomaepp.tasks.audio.AudioInfo;
import org.audiomaepp.tasks.audio.AudioReader;

/**
 * Reads a HEAR scene task directory (docs/protocol.md §1) and checks everything that could make its
 * scores wrong, reporting every problem at once rather than stopping at the first.
 *
 * <p>Audio files present in {@code 16000/<split>/} but not listed in {@code <split>.json} are a
 * warning, not an error: hear-eval-kit only embeds the listed files, so they do not change any
 * score, but they often mean a stale or hand-edited split file, which deserves a look.
 */
public final class HearTaskReader {

    /** The sample rate every task must ship, as the folder name {@code 16000/} says. */
    public static final int SAMPLE_RATE = 16_000;

    static final String METADATA = "task_metadata.json";
    static final String VOCABULARY = "labelvocabulary.csv";
    static final String AUDIO_DIR = Integer.toString(SAMPLE_RATE);

    /** {@link AudioInfo#encoding()} of a 16-bit PCM WAV file, the only encoding HEAR tasks ship. */
    private static final String PCM16 = "wav:pcm_s16le";

    /** How many offending names a grouped message quotes before saying "and N more". */
    private static final int QUOTED = 5;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private HearTaskReader() {}

    /**
     * Reads and validates a task.
     *
     * @throws BadInputException listing every error found (warnings are not errors)
     */
    public static HearTask read(Path dir) {
        TaskCheck check = check(dir);
        if (!check.ok()) {
            List<Problem> errors = check.problems().stream().filter(Problem::isError).toList();
            StringBuilder sb = new StringBuilder()
                    .append("task directory ").append(dir).append(" is not a usable HEAR scene task (")
                    .append(errors.size()).append(errors.size() == 1 ? " problem" : " problems").append("):");
            for (Problem p : errors) {
                sb.append(System.lineSeparator()).append("  - ").append(p.file()).append(": ").append(p.message());
            }
            throw new BadInputException(sb.toString());
        }
        return check.task();
    }

    /** Every problem (errors and warnings) found in a task directory; empty if it is fine. */
    public static List<Problem> validate(Path dir) {
        return check(dir).problems();
    }

    /** Validates a task directory and gathers what a summary of it needs. Never throws for bad input. */
    public static TaskCheck check(Path dir) {
        return new Checker(dir).run();
    }

    /** One pass over one directory; collects problems instead of throwing. */
    private static final class Checker {
        private final Path dir;
        private final List<Problem> problems = new ArrayList<>();
        private TaskCheck.Durations durations;
        private boolean eventTask;

        Checker(Path dir) {
            this.dir = dir;
        }

        TaskCheck run() {
            if (!Files.isDirectory(dir)) {
                problems.add(Problem.error(dir, Files.exists(dir)
                        ? "is a file, not a task directory; pass the directory that holds " + METADATA
                        : "does not exist; pass an existing HEAR task directory"));
                return result(null);
            }
            TaskMetadata metadata = readMetadata();
            if (eventTask) {
                // Its split files hold timestamped events; checking them as scene labels would only add noise.
                return result(null);
            }
            List<String> vocabulary = readVocabulary();
            if (metadata == null) {
                return result(null);
            }
            checkSplitFilesMatchMetadata(metadata);
            Map<String, Integer> labelIndex = new HashMap<>();
            if (vocabulary != null) {
                for (int i = 0; i < vocabulary.size(); i++) {
                    labelIndex.putIfAbsent(vocabulary.get(i), i);
                }
            }
            Map<String, List<Example>> examples = new LinkedHashMap<>();
            for (String split : metadata.splits()) {
                List<Example> list = readSplit(split, metadata.predictionType(), vocabulary == null ? null : labelIndex);
                if (list != null) {
                    examples.put(split, list);
                }
            }
            checkAudio(examples);
            boolean ok = problems.stream().noneMatch(Problem::isError);
            return result(ok ? new HearTask(dir, directoryName(dir), metadata, vocabulary, examples) : null);
        }

        private TaskCheck result(HearTask task) {
            return new TaskCheck(dir, task, problems, durations);
        }

        // ---- task_metadata.json ----

        private TaskMetadata readMetadata() {
            Path file = dir.resolve(METADATA);
            if (!Files.isRegularFile(file)) {
                problems.add(Problem.error(file, "is missing; every HEAR task directory has one (as written by "
                        + "hear-preprocess)" + parentDirectoryHint()));
                return null;
            }
            JsonNode root = readJson(file);
            if (root == null) {
                return null;
            }
            if (!root.isObject()) {
                problems.add(Problem.error(file, "must hold a JSON object with task_name, prediction_type, "
                        + "split_mode, evaluation, ...; re-create it with hear-preprocess"));
                return null;
            }
            int before = problems.size();
            String embeddingType = requiredString(file, root, "embedding_type", "scene");
            if ("event".equals(embeddingType)) {
                eventTask = true;
                problems.add(Problem.error(file, "embedding_type is \"event\": this is an event task with "
                        + "timestamp labels, and only scene tasks (one label set per clip) are supported; "
                        + "remove it from the sweep or use a scene task"));
                return null;
            }
            if (embeddingType != null && !"scene".equals(embeddingType)) {
                problems.add(Problem.error(file, "embedding_type is \"" + embeddingType
                        + "\"; only \"scene\" tasks are supported"));
            }
            String taskName = requiredString(file, root, "task_name", "esc50");
            String predictionName = requiredString(file, root, "prediction_type", "multiclass");
            PredictionType predictionType = null;
            if (predictionName != null) {
                predictionType = PredictionType.fromJson(predictionName).orElse(null);
                if (predictionType == null) {
                    problems.add(Problem.error(file, "prediction_type \"" + predictionName
                            + "\" is not supported; use \"multiclass\" or \"multilabel\""));
                }
            }
            String splitModeName = requiredString(file, root, "split_mode", "trainvaltest");
            SplitMode splitMode = null;
            if (splitModeName != null) {
                splitMode = SplitMode.fromJson(splitModeName).orElse(null);
                if (splitMode == null) {
                    problems.add(Problem.error(file, "split_mode \"" + splitModeName
                            + "\" is not supported; use trainvaltest, presplit_kfold or new_split_kfold"));
                }
            }
            List<String> evaluation = stringList(file, root, "evaluation");
            if (evaluation == null && !root.hasNonNull("evaluation")) {
                problems.add(Problem.error(file, "evaluation is missing; add the list of metric names, primary "
                        + "metric first, e.g. \"evaluation\": [\"top1_acc\"]"));
            } else if (evaluation != null && evaluation.isEmpty()) {
                problems.add(Problem.error(file, "evaluation is empty; name at least the primary metric, "
                        + "e.g. [\"top1_acc\"]"));
            }
            Integer nfolds = null;
            JsonNode nf = root.get("nfolds");
            if (nf != null && !nf.isNull()) {
                if (nf.canConvertToExactIntegral() && nf.isNumber()) {
                    nfolds = nf.intValue();
                } else {
                    problems.add(Problem.error(file, "nfolds must be an integer, not " + nf));
                }
            }
            Double sampleDuration = null;
            JsonNode sd = root.get("sample_duration");
            if (sd != null && !sd.isNull()) {
                if (sd.isNumber() && sd.doubleValue() > 0) {
                    sampleDuration = sd.doubleValue();
                } else {
                    problems.add(Problem.error(file, "sample_duration must be a positive number of seconds "
                            + "or null (variable length), not " + sd));
                }
            }
            boolean hasSplits = root.hasNonNull("splits");
            List<String> splits = hasSplits ? stringList(file, root, "splits") : null;
            if (hasSplits && splits == null) {
                return null;
            }
            if (problems.size() > before || splitMode == null) {
                return null;
            }
            splits = checkSplits(file, splitMode, nfolds, splits);
            if (splits == null) {
                return null;
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            Set<String> known = Set.of("task_name", "version", "mode", "embedding_type", "prediction_type",
                    "split_mode", "nfolds", "sample_duration", "evaluation", "splits");
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!known.contains(e.getKey())) {
                    extra.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
                }
            }
            return new TaskMetadata(taskName, optionalString(root, "version"), optionalString(root, "mode"),
                    embeddingType, predictionType, splitMode, nfolds, sampleDuration, evaluation, splits, extra);
        }

        /** Checks (or, when absent, derives) the split list against the split mode. */
        private List<String> checkSplits(Path file, SplitMode mode, Integer nfolds, List<String> splits) {
            if (splits == null) {
                if (mode == SplitMode.TRAINVALTEST) {
                    return List.of("train", "valid", "test");
                }
                if (nfolds == null) {
                    problems.add(Problem.error(file, "a " + mode.jsonName() + " task needs \"nfolds\" or "
                            + "\"splits\" (e.g. [\"fold00\", ..., \"fold04\"]); add them"));
                    return null;
                }
                List<String> derived = new ArrayList<>();
                for (int i = 0; i < nfolds; i++) {
                    derived.add(String.format("fold%02d", i));
                }
                splits = derived;
            }
            boolean ok = true;
            Set<String> seen = new HashSet<>();
            for (String s : splits) {
                if (!safeName(s)) {
                    problems.add(Problem.error(file, "split name \"" + s + "\" cannot be a file name; use plain "
                            + "names such as fold00 or train"));
                    ok = false;
                }
                if (!seen.add(s)) {
                    problems.add(Problem.error(file, "split \"" + s + "\" is listed twice in splits; list it once"));
                    ok = false;
                }
            }
            if (mode == SplitMode.TRAINVALTEST) {
                if (!new HashSet<>(splits).equals(Set.of("train", "valid", "test"))) {
                    problems.add(Problem.error(file, "a trainvaltest task must have exactly the splits "
                            + "train, valid and test, not " + splits));
                    ok = false;
                }
            } else {
                if (nfolds != null && nfolds != splits.size()) {
                    problems.add(Problem.error(file, "nfolds is " + nfolds + " but splits lists " + splits.size()
                            + " folds; make them agree"));
                    ok = false;
                }
                if (splits.size() < 3) {
                    problems.add(Problem.error(file, "a k-fold task needs at least 3 folds (one to test, one to "
                            + "validate, at least one to train); it has " + splits.size()));
                    ok = false;
                }
            }
            return ok ? splits : null;
        }

        private String requiredString(Path file, JsonNode root, String field, String example) {
            JsonNode v = root.get(field);
            if (v == null || v.isNull()) {
                problems.add(Problem.error(file, field + " is missing; add it (e.g. \"" + field + "\": \""
                        + example + "\")"));
                return null;
            }
            if (!v.isTextual()) {
                problems.add(Problem.error(file, field + " must be a string, not " + v));
                return null;
            }
            return v.textValue();
        }

        private static String optionalString(JsonNode root, String field) {
            JsonNode v = root.get(field);
            return v != null && v.isTextual() ? v.textValue() : null;
        }

        private List<String> stringList(Path file, JsonNode root, String field) {
            JsonNode v = root.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isArray()) {
                problems.add(Problem.error(file, field + " must be a list of strings, not " + v));
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    problems.add(Problem.error(file, field + " must be a list of strings; " + e + " is not a string"));
                    return null;
                }
                out.add(e.textValue());
            }
            return out;
        }

        private String parentDirectoryHint() {
            try (Stream<Path> children = Files.list(dir)) {
                List<String> tasks = children.filter(c -> Files.isRegularFile(c.resolve(METADATA)))
                        .map(c -> c.getFileName().toString()).sorted().limit(3).toList();
                if (!tasks.isEmpty()) {
                    return "; this looks like a folder of tasks: pass a task directory such as " + dir.resolve(tasks.get(0));
                }
            } catch (IOException e) {
                // No hint then; the missing file is reported either way.
            }
            return "; check that the path is the task directory itself";
        }

        private JsonNode readJson(Path file) {
            try {
                return JSON.readTree(file.toFile());
            } catch (JsonProcessingException e) {
                problems.add(Problem.error(file, "is not valid JSON (" + e.getOriginalMessage() + " at line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                        + "); fix the syntax or re-create the file with hear-preprocess"));
            } catch (IOException e) {
                problems.add(Problem.error(file, "cannot be read (" + e.getMessage() + "); check its permissions"));
            }
            return null;
        }

        // ---- labelvocabulary.csv ----

        private List<String> readVocabulary() {
            Path file = dir.resolve(VOCABULARY);
            if (!Files.isRegularFile(file)) {
                problems.add(Problem.error(file, "is missing; every HEAR task has the label vocabulary as a CSV "
                        + "with header \"idx,label\" and one row per label"));
                return null;
            }
            List<String> labels = new ArrayList<>();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                    CSVParser csv = CSVFormat.DEFAULT.parse(in)) {
                Iterator<CSVRecord> rows = csv.iterator();
                if (!rows.hasNext()) {
                    problems.add(Problem.error(file, "is empty; it needs the header \"idx,label\" and one row per label"));
                    return null;
                }
                CSVRecord header = rows.next();
                List<String> h = header.stream().map(s -> s.replace("\uFEFF", "").trim()).toList();
                if (!h.equals(List.of("idx", "label"))) {
                    problems.add(Problem.error(file, "header is \"" + String.join(",", header.toList())
                            + "\"; it must be exactly \"idx,label\""));
                    return null;
                }
                Map<String, Long> firstRow = new HashMap<>();
                List<String> badIdx = new ArrayList<>();
                while (rows.hasNext()) {
                    CSVRecord r = rows.next();
                    long line = r.getRecordNumber();
                    if (r.size() != 2) {
                        problems.add(Problem.error(file, "row " + line + " has " + r.size()
                                + " columns; each row must be \"idx,label\" (quote labels that contain commas)"));
                        continue;
                    }
                    String idx = r.get(0).trim();
                    String label = r.get(1);
                    int expected = labels.size();
                    if (!idx.equals(Integer.toString(expected))) {
                        badIdx.add("row " + line + " has \"" + idx + "\", expected " + expected);
                    }
                    if (label.isEmpty()) {
                        problems.add(Problem.error(file, "row " + line + " has an empty label; give every label a name"));
                    }
                    Long first = firstRow.putIfAbsent(label, line);
                    if (first != null) {
                        problems.add(Problem.error(file, "label \"" + label + "\" appears in rows " + first + " and "
                                + line + "; each label must appear once"));
                    }
                    labels.add(label);
                }
                if (!badIdx.isEmpty()) {
                    problems.add(Problem.error(file, "idx must run 0, 1, ..., n-1 in row order, but "
                            + quote(badIdx) + "; renumber the rows"));
                }
            } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
                problems.add(Problem.error(file, "cannot be parsed as CSV (" + e.getMessage()
                        + "); it must be \"idx,label\" rows"));
                return null;
            }
            if (labels.isEmpty()) {
                problems.add(Problem.error(file, "has no labels; add one \"idx,label\" row per label"));
            }
            // Returned even with duplicate or misnumbered rows, so split files can still be checked against it.
            return labels.isEmpty() ? null : labels;
        }

        // ---- split files ----

        private void checkSplitFilesMatchMetadata(TaskMetadata metadata) {
            Set<String> expected = new HashSet<>(metadata.splits());
            List<String> extra = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".json") && !n.equals(METADATA))
                        .map(n -> n.substring(0, n.length() - ".json".length()))
                        .filter(s -> !expected.contains(s))
                        .sorted()
                        .forEach(extra::add);
            } catch (IOException e) {
                problems.add(Problem.error(dir, "cannot be listed (" + e.getMessage() + ")"));
                return;
            }
            for (String s : extra) {
                problems.add(Problem.error(dir.resolve(s + ".json"), "is a split file but " + METADATA
                        + " does not list split \"" + s + "\" (its splits are " + metadata.splits()
                        + "); remove the file or fix splits/nfolds in the metadata"));
            }
        }

        private List<Example> readSplit(String split, PredictionType type, Map<String, Integer> labelIndex) {
            Path file = dir.resolve(split + ".json");
            if (!Files.isRegularFile(file)) {
                problems.add(Problem.error(file, "is missing but " + METADATA + " lists split \"" + split
                        + "\"; restore it, or remove the split from the metadata"));
                return null;
            }
            JsonNode root = readJson(file);
            if (root == null) {
                return null;
            }
            if (!root.isObject()) {
                problems.add(Problem.error(file, "must be a JSON object mapping each file name to its list of labels"));
                return null;
            }
            Path audioDir = dir.resolve(AUDIO_DIR).resolve(split);
            List<String> badNames = new ArrayList<>();
            List<String> badValues = new ArrayList<>();
            List<String> wrongCount = new ArrayList<>();
            Set<String> unknownLabels = new TreeSet<>();
            int unknownFiles = 0;
            List<Example> examples = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (!safeName(name)) {
                    badNames.add(name);
                    continue;
                }
                JsonNode v = e.getValue();
                if (!v.isArray() || !allTextual(v)) {
                    badValues.add(name);
                    continue;
                }
                List<String> labels = new ArrayList<>();
                v.forEach(l -> labels.add(l.textValue()));
                if (type == PredictionType.MULTICLASS && labels.size() != 1) {
                    wrongCount.add(name + " " + labels);
                }
                // Unknown labels get index -1; they are reported as errors, so no task is built from them,
                // but the example still takes part in the audio checks.
                int[] idx = new int[labels.size()];
                boolean known = true;
                for (int i = 0; i < idx.length; i++) {
                    Integer k = labelIndex == null ? Integer.valueOf(-1) : labelIndex.get(labels.get(i));
                    if (k == null) {
                        unknownLabels.add(labels.get(i));
                        known = false;
                        k = -1;
                    }
                    idx[i] = k;
                }
                if (!known) {
                    unknownFiles++;
                }
                examples.add(new Example(name, audioDir.resolve(name), labels, idx));
            }
            if (!badNames.isEmpty()) {
                problems.add(Problem.error(file, badNames.size() + " file name(s) would point outside "
                        + AUDIO_DIR + "/" + split + "/ (path separators, \"..\" or absolute paths): "
                        + quote(badNames) + "; list plain file names only"));
            }
            if (!badValues.isEmpty()) {
                problems.add(Problem.error(file, badValues.size() + " entry(ies) do not map to a list of label "
                        + "strings: " + quote(badValues) + "; write \"file.wav\": [\"label\"]"));
            }
            if (!wrongCount.isEmpty()) {
                problems.add(Problem.error(file, wrongCount.size() + " file(s) of this multiclass task do not have "
                        + "exactly one label: " + quote(wrongCount) + "; give each file one label, or make the "
                        + "task multilabel in " + METADATA));
            }
            if (!unknownLabels.isEmpty()) {
                problems.add(Problem.error(file, unknownFiles + " file(s) use labels that are not in " + VOCABULARY
                        + ": " + quote(unknownLabels) + "; add them to the vocabulary or fix the labels"));
            }
            if (root.isEmpty()) {
                problems.add(Problem.error(file, "lists no files; every split needs at least one clip"));
            }
            return examples;
        }

        // ---- audio ----

        private void checkAudio(Map<String, List<Example>> examples) {
            Path audioRoot = dir.resolve(AUDIO_DIR);
            if (!Files.isDirectory(audioRoot)) {
                problems.add(Problem.error(audioRoot, "is missing; HEAR tasks keep their 16 kHz audio in "
                        + AUDIO_DIR + "/<split>/ (re-run hear-preprocess with sample rate 16000)"));
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            double total = 0;
            int measured = 0;
            for (Map.Entry<String, List<Example>> e : examples.entrySet()) {
                String split = e.getKey();
                Path splitDir = audioRoot.resolve(split);
                if (!Files.isDirectory(splitDir)) {
                    problems.add(Problem.error(splitDir, "is missing; the audio of split \"" + split
                            + "\" belongs there"));
                    continue;
                }
                Set<String> present;
                try (Stream<Path> files = Files.list(splitDir)) {
                    present = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith(".")).collect(Collectors.toCollection(LinkedHashSet::new));
                } catch (IOException ex) {
                    problems.add(Problem.error(splitDir, "cannot be listed (" + ex.getMessage() + ")"));
                    continue;
                }
                List<String> missing = new ArrayList<>();
                List<String> unreadable = new ArrayList<>();
                List<String> wrongRate = new ArrayList<>();
                List<String> wrongChannels = new ArrayList<>();
                List<String> wrongEncoding = new ArrayList<>();
                Set<String> listed = new HashSet<>();
                for (Example ex : e.getValue()) {
                    listed.add(ex.file());
                    if (!present.contains(ex.file())) {
                        missing.add(ex.file());
                        continue;
                    }
                    AudioInfo h;
                    try {
                        h = AudioReader.info(ex.audio());
                    } catch (BadInputException bad) {
                        unreadable.add(ex.file() + " (" + reason(bad, ex.audio()) + ")");
                        continue;
                    }
                    if (h.sampleRate() != SAMPLE_RATE) {
                        wrongRate.add(ex.file() + " (" + h.sampleRate() + " Hz)");
                    }
                    if (h.channels() != 1) {
                        wrongChannels.add(ex.file() + " (" + h.channels() + " channels)");
                    }
                    if (!PCM16.equals(h.encoding())) {
                        wrongEncoding.add(ex.file() + " (" + h.encoding() + ")");
                    }
                    double d = h.durationSeconds();
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                    total += d;
                    measured++;
                }
                Path splitFile = dir.resolve(split + ".json");
                if (!missing.isEmpty()) {
                    problems.add(Problem.error(splitDir, missing.size() + " file(s) listed in " + splitFile.getFileName()
                            + " are not here: " + quote(missing) + "; restore them or remove them from the split file"));
                }
                if (!unreadable.isEmpty()) {
                    problems.add(Problem.error(splitDir, unreadable.size() + " file(s) are not readable WAV files: "
                            + quote(unreadable) + "; re-create them as 16-bit PCM mono WAV at 16 kHz"));
                }
                if (!wrongRate.isEmpty()) {
                    problems.add(Problem.error(splitDir, wrongRate.size() + " file(s) are not sampled at 16000 Hz: "
                            + quote(wrongRate) + "; resample them to 16 kHz (hear-preprocess does)"));
                }
                if (!wrongChannels.isEmpty()) {
                    problems.add(Problem.error(splitDir, wrongChannels.size() + " file(s) are not mono: "
                            + quote(wrongChannels) + "; mix them down to one channel"));
                }
                if (!wrongEncoding.isEmpty()) {
                    problems.add(Problem.error(splitDir, wrongEncoding.size() + " file(s) are not 16-bit PCM: "
                            + quote(wrongEncoding) + "; convert them to 16-bit PCM WAV"));
                }
                List<String> unlisted = present.stream().filter(n -> !listed.contains(n)).sorted().toList();
                if (!unlisted.isEmpty()) {
                    problems.add(Problem.warning(splitDir, unlisted.size() + " file(s) are not listed in "
                            + splitFile.getFileName() + " and will be ignored: " + quote(unlisted)
                            + "; remove them, or check that the split file is not stale"));
                }
            }
            if (measured > 0) {
                durations = new TaskCheck.Durations(measured, min, max, total);
            }
        }
    }

    /** The task's name: its directory's own name, also when given as {@code .} or with a trailing {@code /..}. */
    static String directoryName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    /** A file or split name that stays inside its folder: no separators, no "..", not absolute. */
    static boolean safeName(String name) {
        return !name.isEmpty()
                && !name.equals(".")
                && !name.equals("..")
                && name.indexOf('/') < 0
                && name.indexOf('\\') < 0
                && name.indexOf('\0') < 0;
    }

    /** The audio reader's message without the file name it starts with (the problem names the file). */
    private static String reason(BadInputException e, Path file) {
        String m = e.getMessage();
        String prefix = file + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String quote(Collection<String> names) {
        String shown = names.stream().limit(QUOTED).collect(Collectors.joining(", "));
        return names.size() > QUOTED ? shown + " (and " + (names.size() - QUOTED) + " more)" : shown;
    }
}
