package org.audiomaepp.harness.sweep;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audiomaepp.harness.sweep.SpecReader.Spec;
import org.audiomaepp.harness.sweep.YamlTree.YNode;

/**
 * The one way into a sweep file: parse (YAML 1.2), substitute {@code ${VAR}}, validate against the
 * {@link Schema} and the cross-key rules, expand. Either every run is valid, or a
 * {@link SweepFileException} lists every problem with its file:line:column and a fix; nothing is
 * half-loaded. The file format is described in {@code sweeps/README.md} and in the package docs.
 */
public final class SweepLoader {

    private SweepLoader() {}

    /** Loads {@code file} with the process environment for {@code ${VAR}}. */
    public static Sweep load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads {@code file}, reading {@code ${VAR}} from {@code env}, with the models module's own
     * checks of every run's model, recipe and embedding config ({@link ModuleConfigs#CHECK}).
     */
    public static Sweep load(Path file, Map<String, String> env) {
        return load(file, env, List.of(ModuleConfigs.CHECK));
    }

    /**
     * Loads {@code file} and also applies {@code checks} (rules owned by other modules) to every
     * resolved run, reporting their problems with the others.
     */
    public static Sweep load(Path file, Map<String, String> env, List<RunCheck> checks) {
        Problems problems = new Problems(file);
        String text = read(file, problems);
        problems.throwIfAny();
        Optional<YNode> root = YamlTree.parse(file.toString(), text, env, problems);
        if (root.isEmpty()) {
            problems.throwIfAny();
        }
        Optional<Spec> spec = SpecReader.read(root.orElseThrow(), file, problems);
        if (spec.isEmpty()) {
            problems.throwIfAny();
        }
        // expand even after value problems: cross-key problems are then reported in the same pass
        return Expander.expand(file, spec.orElseThrow(), problems, List.copyOf(checks));
    }

    private static String read(Path file, Problems problems) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            problems.add(Pos.START, "no such file; check the path (sweeps live in sweeps/)");
        } catch (CharacterCodingException e) {
            problems.add(Pos.START, "not UTF-8 text; save the file as UTF-8");
        } catch (IOException e) {
            problems.add(Pos.START, "cannot read the file: " + e.getMessage());
        }
        return "";
    }
}
