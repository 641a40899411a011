package org.audiomaepp.tasks.synth;

import org.audiomaepp.core.SplitMix64;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.tasks.Permutations;
import static org.audiomaepp.tasks.synth.Dsp.samples;
import static org.audiomaepp.tasks.synth.Dsp.uniform;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.audiomaepp.tasks.BadInputException;
import org.audiomaepp.tasks.audio.WavWriter;
import org.audiomaepp.tasks.hear.KnownTask;
import org.audiomaepp.tasks.hear.KnownTasks;
import org.audiomaepp.tasks.hear.PredictionType;
import org.audiomaepp.tasks.hear.SplitMode;
import org.audiomaepp.tasks.hear.TaskMetadata;
import org.audiomaepp.tasks.synth.Dsp.NoiseColor;
import org.audiomaepp.tasks.synth.SynthDesigns.Design;

/**
 * Writes ten synthetic HEAR-format task directories shaped like the paper's ten tasks (same split
 * modes and folds, metrics and prediction types; fewer classes and shorter clips), plus an unlabeled
 * corpus of 16 kHz 16-bit mono WAV files for pretraining, and a {@code README.txt} saying what was made:
 * <pre>
 * DIR/README.txt
 * DIR/tasks/synth_esc50-v1.0.0-tiny/ ...   ten task directories (see {@link #directoryNames})
 * DIR/corpus/00000.wav ...                 the corpus
 * </pre>
 *
 * <p>Every clip draws its randomness from a {@link SplittableRandom} seeded by (seed, task, clip), so
 * the same seed gives the same bytes whatever order tasks are generated in, and tasks do not depend
 * on each other. Each task records its paper counterpart in {@code task_metadata.json} as
 * {@value TaskMetadata#SYNTHETIC_COUNTERPART}, which {@link KnownTasks#of} uses to place it in the
 * paper's columns.
 */
public final class SynthTasks {

    /** The folder inside the output directory that holds the ten task directories. */
    public static final String TASKS = "tasks";
    /** The corpus folder inside the output directory. */
    public static final String CORPUS = "corpus";
    /** Length of every corpus clip. */
    public static final double CORPUS_SECONDS = 4.0;

    private static final int FOLDS = 5;
    private static final ObjectWriter JSON = new ObjectMapper().writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private SynthTasks() {}

    /**
     * What one task directory holds.
     *
     * @param directory   directory name, e.g. {@code synth_esc50-v1.0.0-tiny}
     * @param counterpart the paper task's directory name
     * @param labels      vocabulary size
     * @param clipsPerSplit clips per split, in metadata order
     * @param seconds     total audio
     */
    public record TaskSummary(String directory, String counterpart, int labels, Map<String, Integer> clipsPerSplit,
            double seconds) {}

    /**
     * What {@link #generate} wrote.
     *
     * @param out           the output directory
     * @param seed          the seed
     * @param scale         the scale
     * @param tasks         the ten task directories, in the paper's table order
     * @param corpusClips   number of corpus files in {@code out/corpus}
     */
    public record Generated(Path out, long seed, SynthScale scale, List<TaskSummary> tasks, int corpusClips) {}

    /** The ten directory names at a scale, in the paper's table order. */
    public static List<String> directoryNames(SynthScale scale) {
        return SynthDesigns.all().stream().map(d -> d.counterpart().syntheticDirectory(scale.label())).toList();
    }

    /**
     * Writes the ten tasks, the corpus and the README into {@code out} (created if needed). Each task
     * directory and the corpus are first written under a temporary name and then renamed, so a crash
     * never leaves a half-written task under its real name.
     *
     * @param overwrite replace task directories and a corpus that already exist; without it they are an error
     * @throws BadInputException if {@code out} is a file, or outputs exist and {@code overwrite} is false
     */
    public static Generated generate(Path out, long seed, SynthScale scale, boolean overwrite) throws IOException {
        return generate(out, seed, scale, scale.corpusClips(), overwrite);
    }

    /**
     * As {@link #generate(Path, long, SynthScale, boolean)}, with a corpus of {@code corpusClips} clips
     * instead of the scale's. Corpus clip {@code i} depends only on the seed and {@code i}, so a larger
     * corpus starts with the clips of a smaller one.
     *
     * @param corpusClips number of corpus clips, at least 1
     */
    public static Generated generate(Path out, long seed, SynthScale scale, int corpusClips, boolean overwrite)
            throws IOException {
        if (corpusClips < 1) {
            throw new BadInputException("corpus clips must be at least 1, not " + corpusClips);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException(out + " is a file; give --out a directory (it is created if missing)");
        }
        List<Design> designs = SynthDesigns.all();
        List<Path> targets = new ArrayList<>();
        for (Design d : designs) {
            targets.add(out.resolve(TASKS).resolve(d.counterpart().syntheticDirectory(scale.label())));
        }
        targets.add(out.resolve(CORPUS));
        List<Path> existing = targets.stream().filter(Files::exists).toList();
        if (!existing.isEmpty() && !overwrite) {
            throw new BadInputException(out + " already holds " + existing.stream().map(p -> out.relativize(p).toString())
                    .toList() + "; remove them, choose another output directory, or pass --overwrite to replace them");
        }
        Files.createDirectories(out.resolve(TASKS));
        // Tasks and the corpus are independent (each clip has its own seed), so they are written in
        // parallel without changing a byte; index -1 stands for the corpus.
        List<TaskSummary> summaries;
        try {
            summaries = Stream.iterate(-1, i -> i + 1).limit(designs.size() + 1L).parallel()
                    .map(i -> {
                        try {
                            if (i < 0) {
                                writeCorpus(out, designs, seed, corpusClips);
                                return null;
                            }
                            return writeTask(out, designs.get(i), seed, scale);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(java.util.Objects::nonNull)
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Generated g = new Generated(out, seed, scale, summaries, corpusClips);
        Files.writeString(out.resolve("README.txt"), readme(g, designs), StandardCharsets.UTF_8);
        return g;
    }

    // ---- one task ----

    /** One planned clip: its index (the seed's third part), labels, split and length. */
    private record Clip(int index, List<String> labels, String split) {}

    private static List<Clip> plan(Design d, long seed, SynthScale scale) {
        KnownTask t = d.counterpart();
        int perClass = d.clipsPerClass() * scale.clipFactor();
        int k = d.labels().size();
        List<Clip> clips = new ArrayList<>();
        if (t.predictionType() == PredictionType.MULTILABEL) {
            // Rounds of k clips, one per primary label, so every label is a primary label in every split.
            for (int round = 0; round < perClass; round++) {
                String split = switch (round % FOLDS) {
                    case 0 -> "test";
                    case 1 -> "valid";
                    default -> "train";
                };
                for (int c = 0; c < k; c++) {
                    int index = round * k + c;
                    SplittableRandom r = new SplittableRandom(seedFor(seed, key(d) + "/labels", index));
                    List<String> labels = new ArrayList<>(List.of(d.labels().get(c)));
                    int extra = r.nextInt(5) < 2 ? 0 : r.nextInt(5) < 3 ? 1 : 2;
                    while (labels.size() < 1 + extra) {
                        String l = d.labels().get(r.nextInt(k));
                        if (!labels.contains(l)) {
                            labels.add(l);
                        }
                    }
                    labels.sort(null);
                    clips.add(new Clip(index, labels, split));
                }
            }
            return clips;
        }
        int heldOut = Math.max(1, (int) Math.round(perClass * 0.2));
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < perClass; j++) {
                String split;
                if (t.splitMode().isKFold()) {
                    split = foldName((j + c) % FOLDS);
                } else {
                    split = j < heldOut ? "test" : j < 2 * heldOut ? "valid" : "train";
                }
                clips.add(new Clip(c * perClass + j, List.of(d.labels().get(c)), split));
            }
        }
        return clips;
    }

    private static TaskSummary writeTask(Path out, Design d, long seed, SynthScale scale) throws IOException {
        KnownTask t = d.counterpart();
        String name = t.syntheticDirectory(scale.label());
        Path tasks = out.resolve(TASKS);
        Path tmp = tasks.resolve("." + name + ".partial");
        FileTrees.deleteTree(tmp);
        List<String> splits = t.splitMode().isKFold()
                ? Stream.iterate(0, i -> i + 1).limit(FOLDS).map(SynthTasks::foldName).toList()
                : List.of("train", "valid", "test");
        List<Clip> clips = plan(d, seed, scale);
        int[] fileNumber = Permutations.of(clips.size(), new SplittableRandom(seedFor(seed, key(d) + "/order", 0)));
        Map<String, TreeMap<String, List<String>>> bySplit = new LinkedHashMap<>();
        splits.forEach(s -> bySplit.put(s, new TreeMap<>()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        splits.forEach(s -> counts.put(s, 0));
        double seconds = 0;
        for (Clip c : clips) {
            SplittableRandom r = new SplittableRandom(seedFor(seed, key(d), c.index()));
            double length = d.fixedLength() ? d.minSeconds() : uniform(r, d.minSeconds(), d.maxSeconds());
            float[] audio = finish(d.renderer().render(c.labels(), samples(length), r), r);
            String file = String.format("%04d.wav", fileNumber[c.index()]);
            WavWriter.writePcm16(tmp.resolve("16000").resolve(c.split()).resolve(file), audio, Dsp.RATE);
            bySplit.get(c.split()).put(file, c.labels());
            counts.merge(c.split(), 1, Integer::sum);
            seconds += audio.length / (double) Dsp.RATE;
        }
        for (Map.Entry<String, TreeMap<String, List<String>>> e : bySplit.entrySet()) {
            JSON.writeValue(tmp.resolve(e.getKey() + ".json").toFile(), e.getValue());
        }
        writeVocabulary(tmp.resolve("labelvocabulary.csv"), d.labels());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(TaskMetadata.SYNTHETIC_COUNTERPART, t.directory());
        extra.put("synthetic_seed", seed);
        extra.put("synthetic_labels", d.what());
        TaskMetadata md = new TaskMetadata(t.syntheticTaskName(), KnownTasks.SYNTHETIC_VERSION, scale.label(), "scene",
                t.predictionType(), t.splitMode(), t.splitMode() == SplitMode.TRAINVALTEST ? null : FOLDS,
                d.fixedLength() ? d.minSeconds() : null, t.evaluation(), splits, extra);
        JSON.writeValue(tmp.resolve("task_metadata.json").toFile(), md.toJsonMap());
        moveIntoPlace(tmp, tasks.resolve(name));
        return new TaskSummary(name, t.directory(), d.labels().size(), counts, seconds);
    }

    /**
     * Per-clip nuisance shared by every task: onset jitter up to 20 ms, background noise of a random
     * colour at 10-30 dB SNR (the only content of an empty foreground), and a random peak level
     * between -20 and -1 dBFS.
     */
    private static float[] finish(float[] foreground, SplittableRandom r) {
        int n = foreground.length;
        float[] out = new float[n];
        Dsp.mix(out, samples(uniform(r, 0, 0.02)), foreground, 1);
        double fg = Dsp.rms(out);
        float[] bg = Dsp.noise(n, NoiseColor.values()[r.nextInt(NoiseColor.values().length)], r);
        double snrDb = uniform(r, 10, 30);
        Dsp.mix(out, 0, bg, fg > 1e-6 ? fg * StrictMath.pow(10, -snrDb / 20) : 1);
        double peak = 0;
        for (float v : out) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 0) {
            Dsp.scale(out, StrictMath.pow(10, uniform(r, -20, -1) / 20) / peak);
        }
        return out;
    }

    private static void writeVocabulary(Path file, List<String> labels) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, format)) {
            csv.printRecord("idx", "label");
            for (int i = 0; i < labels.size(); i++) {
                csv.printRecord(i, labels.get(i));
            }
        }
    }

    // ---- corpus ----

    /**
     * Unlabeled 4 s clips, each the foreground of a random class of a random task (one in three with a
     * second one mixed in), with the same nuisance as the tasks: the kind of audio the tasks hold,
     * without their labels, as AudioSet is for HEAR.
     */
    private static void writeCorpus(Path out, List<Design> designs, long seed, int clips) throws IOException {
        Path tmp = out.resolve("." + CORPUS + ".partial");
        FileTrees.deleteTree(tmp);
        Files.createDirectories(tmp);
        int n = samples(CORPUS_SECONDS);
        // Every clip has its own seed, so clips are written in parallel without changing a byte.
        try {
            IntStream.range(0, clips).parallel().forEach(i -> {
                SplittableRandom r = new SplittableRandom(seedFor(seed, CORPUS, i));
                float[] mix = new float[n];
                int layers = r.nextInt(3) == 0 ? 2 : 1;
                for (int l = 0; l < layers; l++) {
                    Design d = designs.get(r.nextInt(designs.size()));
                    List<String> labels = List.of(d.labels().get(r.nextInt(d.labels().size())));
                    float[] layer = d.renderer().render(labels, n, r);
                    Dsp.scaleToRms(layer, l == 0 ? 1 : uniform(r, 0.3, 0.8));
                    Dsp.mix(mix, 0, layer, 1);
                }
                try {
                    WavWriter.writePcm16(tmp.resolve(String.format("%05d.wav", i)), finish(mix, r), Dsp.RATE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        moveIntoPlace(tmp, out.resolve(CORPUS));
    }

    // ---- helpers ----

    private static String readme(Generated g, List<Design> designs) {
        StringBuilder sb = new StringBuilder();
        sb.append("Synthetic HEAR-format tasks and pretraining corpus\n")
                .append("==================================================\n\n")
                .append("Written by: harness synth-tasks --out DIR --seed ").append(g.seed())
                .append(" --scale ").append(g.scale().label())
                .append(g.corpusClips() == g.scale().corpusClips() ? "" : " --corpus-clips " + g.corpusClips()).append('\n')
                .append("The same command with the same seed writes the same bytes.\n\n")
                .append("Ten task directories in ").append(TASKS).append("/, in HEAR format (task_metadata.json, labelvocabulary.csv, <split>.json,\n")
                .append("16000/<split>/*.wav as 16-bit PCM mono at 16 kHz), each shaped like one task of the paper:\n")
                .append("same split mode and folds, same metrics (first = primary) and prediction type, fewer\n")
                .append("classes and clips of at most 4 s. task_metadata.json names the paper task in\n")
                .append("\"").append(TaskMetadata.SYNTHETIC_COUNTERPART).append("\". Labels are real signal differences;\n")
                .append("amplitude, phase, small detune, background noise colour and level, and onset are random\n")
                .append("per clip.\n\n");
        for (int i = 0; i < designs.size(); i++) {
            Design d = designs.get(i);
            TaskSummary s = g.tasks().get(i);
            KnownTask t = d.counterpart();
            sb.append(TASKS).append('/').append(s.directory()).append("  (").append(t.id()).append(", stands in for ").append(t.directory())
                    .append(")\n")
                    .append("  labels:  ").append(d.labels().size()).append(", ").append(d.what()).append('\n')
                    .append("  splits:  ").append(t.splitMode().jsonName()).append(' ').append(s.clipsPerSplit())
                    .append('\n')
                    .append("  clips:   ").append(d.fixedLength() ? d.minSeconds() + " s"
                            : d.minSeconds() + " to " + d.maxSeconds() + " s").append(", metrics ")
                    .append(t.evaluation()).append(", ").append(t.predictionType().jsonName()).append("\n\n");
        }
        sb.append(CORPUS).append("/  ").append(g.corpusClips()).append(" unlabeled clips of ").append(CORPUS_SECONDS)
                .append(" s: foregrounds of random classes of the ten tasks, sometimes two mixed, with the same\n")
                .append("  per-clip nuisance; for pretraining.\n");
        return sb.toString();
    }

    private static String key(Design d) {
        return d.counterpart().column();
    }

    private static String foldName(int i) {
        return String.format("fold%02d", i);
    }

    /** A 64-bit seed from (seed, purpose, index), mixed with SplitMix64's finalizer. */
    static long seedFor(long seed, String purpose, long index) {
        long h = SplitMix64.mix(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < purpose.length(); i++) {
            h = SplitMix64.mix(h ^ purpose.charAt(i));
        }
        return SplitMix64.mix(h ^ SplitMix64.mix(index + 0x632BE59BD9B4E019L));
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        FileTrees.deleteTree(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
