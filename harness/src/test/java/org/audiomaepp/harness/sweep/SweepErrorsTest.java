package org.audiomaepp.harness.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.audiomaepp.harness.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of mistake in a sweep file is reported with file:line and a fix, never a stack trace. */
class SweepErrorsTest {

    /** Lines 1-4; cases continue at line 5, inside base when indented by two spaces. */
    private static final String HEAD = """
            name: t
            base:
              pretrain: {corpus: /c}
              tasks: {dir: /t, suite: hear10}
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("unknown key in a section", "  model:\n    mask_ratoi: 0.5\n", 6,
                        "unknown key `mask_ratoi` in `model`; did you mean `mask_ratio`?"),
                Arguments.of("unknown section", "  pretraining: {epochs: 3}\n", 5, "did you mean `pretrain`?"),
                Arguments.of("unknown top-level key", "gird:\n  model.rope: [none]\n", 5, "did you mean `grid`?"),
                Arguments.of("section at top level", "model: {rope: none}\n", 5, "sections go under `base:`"),
                Arguments.of("text where an integer is expected", "  probe: {seeds: ten}\n", 5,
                        "`probe.seeds` must be an integer >= 1, got the text `ten`"),
                Arguments.of("number written as a word", "  pretrain.epochs: ten\n", 5,
                        "got the text `ten`; write the number in digits, e.g. `epochs: 10`"),
                Arguments.of("quoted number", "  probe: {seeds: \"10\"}\n", 5, "remove the quotes"),
                Arguments.of("real where an integer is expected", "  pretrain.epochs: 10.0\n", 5,
                        "write it without a decimal point"),
                Arguments.of("list where a scalar is expected", "  model: {rope: [none, both]}\n", 5,
                        "put it under `grid:`"),
                Arguments.of("mapping where a scalar is expected", "  model: {rope: {a: 1}}\n", 5, "not a mapping"),
                Arguments.of("group given a scalar", "  model: {decoder: 512}\n", 5, "is a group of keys"),
                Arguments.of("mask ratio of 1", "  model: {mask_ratio: 1}\n", 5, "must be a number in (0, 1), got 1.0"),
                Arguments.of("mask ratio of 0", "  model: {mask_ratio: 0.0}\n", 5, "must be a number in (0, 1)"),
                Arguments.of("negative seed", "  pretrain.seed: -1\n", 5, "must be an integer >= 0"),
                Arguments.of("pad not zero or reflect", "  embedding: {pad: edge}\n", 5,
                        "`embedding.pad` must be one of zero | reflect, got the text `edge`"),
                Arguments.of("enum typo", "  model: {block: plusplsu}\n", 5, "did you mean `plusplus`?"),
                Arguments.of("typo in a key added later", "  model:\n    mlp_ratoi: 2\n", 6, "did you mean `mlp_ratio`?"),
                Arguments.of("input size pretraining cannot crop", "  model: {preset: micro, input_frames: 400}\n", 5,
                        "cannot be pretrained"),
                Arguments.of("patch tokens need whole patches", "  model: {preset: micro, mel_bins: 72}\n", 5,
                        "`mel_bins` a multiple of 16"),
                Arguments.of("betas not a pair", "  pretrain.betas: [0.9]\n", 5, "must be two numbers, each in [0, 1)"),
                Arguments.of("YAML 1.1 boolean", "  probe: {batch: yes}\n", 5, "YAML 1.2 reads `yes` as text"),
                Arguments.of("empty grid", "grid: {}\n", 5, "`grid` is empty"),
                Arguments.of("grid with no axes", "grid:\n", 5, "`grid` is empty"),
                Arguments.of("empty axis list", "grid:\n  model.rope: []\n", 6, "is an empty list"),
                Arguments.of("axis given a scalar", "grid:\n  model.rope: both\n", 6, "needs a list of values"),
                Arguments.of("axis value of the wrong type", "grid:\n  model.width: [64, wide]\n", 6,
                        "`model.width` must be an integer >= 1, got the text `wide`"),
                Arguments.of("axis value listed twice", "grid:\n  model.rope: [none, none]\n", 6, "lists `none` twice"),
                Arguments.of("grid axis naming an unknown key", "grid:\n  model.rop: [none]\n", 6,
                        "did you mean `model.rope`?"),
                Arguments.of("grid axis without its section", "grid:\n  rope: [none, both]\n", 6,
                        "did you mean `model.rope`?"),
                Arguments.of("empty zip", "zip: {}\n", 5, "`zip` is empty"),
                Arguments.of("zip lists of unequal length",
                        "zip:\n  model.decoder.width: [384, 512]\n  model.decoder.heads: [8]\n", 7,
                        "zip lists must have equal lengths: `model.decoder.width` has 2 values, `model.decoder.heads` has 1"),
                Arguments.of("key in both grid and zip", "grid:\n  model.rope: [none, both]\nzip:\n  model.rope: [none]\n", 8,
                        "is in both grid (line 6) and zip"),
                Arguments.of("zip axis naming an unknown key", "zip:\n  model.decoder.widht: [384]\n", 6,
                        "did you mean `model.decoder.width`?"),
                Arguments.of("include with an unknown key", "include:\n  - {model.blok: vanilla}\n", 6,
                        "did you mean `model.block`?"),
                Arguments.of("include with a bad value", "include:\n  - {model.rope: sideways}\n", 6,
                        "must be one of none | decoder | both"),
                Arguments.of("unknown slurm key", "slurm: {partion: gpu}\n", 5,
                        "unknown key `partion` in `slurm`; did you mean `partition`?"),
                Arguments.of("unknown slurm stage key", "slurm:\n  pretrain: {gpu: 1}\n", 6,
                        "did you mean `gpus`?"),
                Arguments.of("slurm time not in Slurm's format", "slurm: {time: 2h}\n", 5,
                        "`slurm.time` must be text matching"),
                Arguments.of("slurm time unquoted", "slurm: {time: 30}\n", 5, "quote it if it is meant as text"),
                Arguments.of("slurm key on a grid axis", "grid:\n  slurm.partition: [a, b]\n", 6,
                        "slurm settings are the same for every run"),
                Arguments.of("slurm key in an include", "include:\n  - {model.rope: both, slurm.time: \"1:00:00\"}\n", 6,
                        "set it once in the top-level `slurm:` section"),
                Arguments.of("exclude with an unknown key", "grid:\n  probe.seeds: [1, 2]\nexclude:\n  - {probe.seed: 1}\n", 8,
                        "did you mean `probe.seeds`?"),
                Arguments.of("exclude naming a run", "grid:\n  model.rope: [none, both]\nexclude:\n  - {name: x}\n", 8,
                        "match config values, not run names"),
                Arguments.of("exclude matching nothing", "grid:\n  model.rope: [none, both]\nexclude:\n  - {model.rope: decoder}\n",
                        8, "exclude #1 matches no run"),
                Arguments.of("every run excluded", "grid:\n  model.rope: [none]\nexclude:\n  - {model.rope: none}\n", 8,
                        "expands to no runs"),
                Arguments.of("chunk masking with frame tokens", "  model: {tokens: frame, masking: chunk}\n", 5,
                        "`masking: chunk` draws squares of patches and needs `tokens: patch`"),
                Arguments.of("time masking with frame tokens", "  model: {tokens: frame, masking: time}\n", 5,
                        "`masking: time` is `masking: random`"),
                Arguments.of("heads not dividing width", "  model: {preset: tiny, heads: 5}\n", 5,
                        "`heads` (5) must divide `width` (192); nearest that does: 4"),
                Arguments.of("decoder heads not dividing decoder width", "grid:\n  model.decoder.heads: [8, 7]\n", 6,
                        "`decoder.heads` (7) must divide `decoder.width` (384)"),
                Arguments.of("odd RoPE head size", "  model: {width: 96, heads: 32, rope: both}\n", 5,
                        "needs an even head size; the encoder's is 96/32 = 3"),
                Arguments.of("rope_positions without RoPE", "  model: {rope_positions: grid}\n", 5,
                        "`rope_positions: grid` only matters with RoPE"),
                Arguments.of("official layout with frame tokens",
                        "  model: {tokens: frame}\n  embedding: {layout: official-audiomaepp}\n", 6,
                        "with `tokens: frame` use `layout: time-major`"),
                Arguments.of("mask ratio that keeps nothing", "  model: {masking: time, mask_ratio: 0.99}\n", 5,
                        "keeps none of the 50 time steps"),
                Arguments.of("micro batch not dividing the batch", "  pretrain.micro_batch: 300\n", 5,
                        "`micro_batch` (300) must divide `batch_size` (1024) to accumulate whole batches; try 256"),
                Arguments.of("warm-up longer than training", "  pretrain.epochs: 5\n", 5,
                        "`warmup_epochs` (10.0) is longer than training (5 epochs)"),
                Arguments.of("untrained baseline with the default warm-up", "  pretrain.epochs: 0\n", 5,
                        "`warmup_epochs` (10.0) is longer than training (0 epochs)"),
                Arguments.of("duplicate run names",
                        "grid:\n  model.rope: [none, both]\nnames:\n  \"rope=none\": same\n  \"rope=both\": same\n", 6,
                        "two runs are named `same`"),
                Arguments.of("names renaming no run", "grid:\n  model.rope: [none, both]\nnames:\n  \"rope=bth\": x\n", 8,
                        "did you mean `rope=both`?"),
                Arguments.of("include equal to a grid run", "grid:\n  model.rope: [none, both]\ninclude:\n  - {model.rope: both}\n",
                        8, "has the same config as run `rope=both`"),
                Arguments.of("zip repeating a combination",
                        "zip:\n  model.rope: [none, both, none]\n  probe.seeds: [3, 4, 3]\n", 6, "has the same config"),
                Arguments.of("YAML 1.1 merge key", "  <<: {probe: {seeds: 2}}\n", 5, "YAML 1.2 has no merge key"),
                Arguments.of("duplicate YAML key", "  probe: {seeds: 2}\n  probe: {seeds: 3}\n", 6, "duplicate key `probe`"),
                Arguments.of("key set twice via dotted and nested form", "  model: {rope: none}\n  model.rope: both\n", 6,
                        "`model.rope` is set twice (also at line 5)"),
                Arguments.of("missing environment variable", "  embedding: {layout: \"${NOPE}\"}\n", 5,
                        "environment variable `NOPE` is not set"),
                Arguments.of("malformed variable reference", "  embedding: {layout: \"${1X}\"}\n", 5,
                        "is not a variable reference"),
                Arguments.of("suite and names both given", "  tasks.names: [BO]\n", 4,
                        "give either `tasks.suite` or `tasks.names`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void reportsMistakeAtItsLine(String what, String tail, int line, String fragment) throws IOException {
        Path file = write(HEAD + tail);
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertTrue(e.problems().stream().anyMatch(p -> p.line() == line && p.message().contains(fragment)),
                () -> "expected line " + line + " with \"" + fragment + "\", got:\n" + e.getMessage());
        assertTrue(e.getMessage().contains(file + ":" + line + ":"), e.getMessage());
    }

    @Test
    void collectsEveryProblemBeforeFailing() throws IOException {
        Path file = write(HEAD + """
                  model: {mask_ratoi: 0.5, width: wide, heads: 7, preset: tiny, masking: chunk}
                  probe: {seeds: 0}
                grid:
                  model.rop: [none]
                  model.tokens: [patch, frame]
                zip:
                  model.decoder.width: [384, 512]
                  model.decoder.heads: [8]
                """);
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertEquals(List.of(5, 5, 6, 8, 9, 12), e.problems().stream().map(Problem::line).toList(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + " has 6 problems:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key `mask_ratoi`"), e.getMessage());
        assertTrue(e.getMessage().contains("zip lists must have equal lengths"), e.getMessage());
        assertTrue(e.getMessage().contains("needs `tokens: patch`") && e.getMessage().contains("(run tokens=frame)"),
                "cross-key rules are checked in the same pass: " + e.getMessage());
        assertFalse(e.getMessage().contains("must divide"),
                "no rule about width, whose value was rejected: " + e.getMessage());
    }

    @Test
    void unquotedVariableInsideBracesGetsAHint() throws IOException {
        Path file = write("name: t\nbase:\n  pretrain: { corpus: ${DATA}, epochs: 1 }\n");
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of("DATA", "/d")));
        assertTrue(e.getMessage().startsWith(file + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("quote values that use variables: \"${VAR}\""), e.getMessage());
    }

    @Test
    void missingRequiredKeyIsReportedAtItsSection() throws IOException {
        Path file = write("""
                name: t
                base:
                  pretrain: {epochs: 30}
                  tasks: {dir: /t, suite: hear10}
                """);
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(3, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("`pretrain.corpus` is not set"), e.getMessage());
    }

    @Test
    void corpusAndFromTogetherAreAnError() throws IOException {
        Path file = write("name: t\nbase:\n  pretrain: {corpus: /c, from: /w/model.bin}\n  tasks: {dir: /t, suite: hear10}\n");
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(3, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("give either `pretrain.corpus` (pretrain here) or `pretrain.from`"),
                e.getMessage());
    }

    @Test
    void noTasksIsAnError() throws IOException {
        Path file = write("name: t\nbase:\n  pretrain: {corpus: /c}\n  tasks: {dir: /t}\n");
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertTrue(e.getMessage().contains("no tasks: set `tasks.suite`"), e.getMessage());
    }

    @Test
    void invalidSweepNameIsAnError() throws IOException {
        Path file = write("name: my sweep/1\n" + HEAD.substring(HEAD.indexOf('\n') + 1));
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertEquals(1, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("becomes a directory name"), e.getMessage());
    }

    @Test
    void ruleProblemNamesTheRunsItAffects() throws IOException {
        Path file = write(HEAD + """
                grid:
                  model.tokens: [patch, frame]
                  model.masking: [random, chunk]
                """);
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        Problem p = e.problems().get(0);
        assertEquals(7, p.line(), "reported at the run's chunk value");
        assertTrue(p.message().contains("(run tokens=frame,masking=chunk)"), p.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void syntaxErrorNamesFileAndLine(String what, String text, int line) throws IOException {
        Path file = write(text);
        BadInputException e = assertThrows(BadInputException.class, () -> SweepLoader.load(file, Map.of()));
        assertTrue(e instanceof SweepFileException);
        assertTrue(e.getMessage().startsWith(file + ":" + line + ":"), e.getMessage());
        assertFalse(e.getMessage().contains("\tat "), "no stack trace in the message");
        assertFalse(e.getMessage().contains("org.snakeyaml"), e.getMessage());
        if (what.startsWith("unclosed")) {
            assertTrue(e.getMessage().contains("is not closed"), e.getMessage());
        }
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                // Reported where the bracket opens, not where the parser noticed (the next line).
                Arguments.of("unclosed flow mapping", "name: t\nbase:\n  model: {rope: none\n  pretrain: x\n", 3),
                Arguments.of("unclosed flow sequence", "name: t\ngrid:\n  model.rope: [none, both\n  model.x: y\n", 3),
                Arguments.of("bad indentation", "name: t\nbase:\n  model:\n    rope: none\n   pretrain: x\n", 5),
                Arguments.of("tab indentation", "name: t\nbase:\n\tmodel: {}\n", 3),
                Arguments.of("empty file", "", 1),
                Arguments.of("two documents", "name: t\n---\nname: u\n", 3),
                Arguments.of("not a mapping", "- a\n- b\n", 1));
    }

    @Test
    void missingFileIsAnError() {
        Path file = dir.resolve("absent.yaml");
        SweepFileException e = assertThrows(SweepFileException.class, () -> SweepLoader.load(file, Map.of()));
        assertTrue(e.getMessage().startsWith(file + ":1:1: no such file"), e.getMessage());
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, text);
        return file;
    }
}
