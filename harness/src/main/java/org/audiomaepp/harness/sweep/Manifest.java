package org.audiomaepp.harness.sweep;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.audiomaepp.core.FileTrees;

/**
 * {@code results/sweeps/<name>/manifest.json}: the expanded runs of a sweep (name, axes, resolved
 * config and its hash), to which later stages add their own fields per run (e.g. job keys).
 *
 * <pre>{@code
 * {
 *   "sweep": "rope", "description": "...", "file": "sweeps/rope.yaml", "source": "/abs/sweeps/rope.yaml",
 *   "axes": ["model.rope"],
 *   "runs": [
 *     {"name": "rope=none", "axes": {"model.rope": "none"}, "config_sha256": "…", "config": {...},
 *      ...fields added with put(...)},
 *     ...
 *   ],
 *   ...fields added with putSweep(...)
 * }
 * }</pre>
 *
 * Written atomically (temporary file, then rename), so a reader never sees half a manifest.
 */
public final class Manifest {

    /** Field names the manifest itself writes; {@link #put} and {@link #putSweep} may not replace them. */
    public static final Set<String> RUN_FIELDS = Set.of("name", "axes", "config", "config_sha256");

    /** Top-level field names the manifest itself writes. */
    public static final Set<String> SWEEP_FIELDS = Set.of("sweep", "description", "file", "source", "axes", "runs");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Sweep sweep;
    private final Map<String, Map<String, Object>> extraByRun = new LinkedHashMap<>();
    private final Map<String, Object> extraTop = new LinkedHashMap<>();

    private Manifest(Sweep sweep) {
        this.sweep = sweep;
        sweep.runs().forEach(r -> extraByRun.put(r.name(), new LinkedHashMap<>()));
    }

    /** A manifest of the sweep's runs, with no extra fields yet. */
    public static Manifest of(Sweep sweep) {
        return new Manifest(sweep);
    }

    /** The sweep file as an absolute path without links: what {@code source} records, and compares. */
    public static Path source(Sweep sweep) {
        Path file = sweep.file().toAbsolutePath().normalize();
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file;
        }
    }

    /**
     * Throws (exit 2) if {@code <resultsDir>/sweeps/<name>/} holds the results of another sweep file
     * with the same {@code name:} (its manifest's {@code source}), unless {@code force}: a copied
     * sweep file must not overwrite the first one's report and manifest.
     */
    public static void requireOwnedBy(Path resultsDir, Sweep sweep, boolean force) {
        Path manifest = path(resultsDir, sweep.name());
        if (force || !Files.isRegularFile(manifest)) {
            return;
        }
        Object owner;
        try {
            owner = JSON.readTree(manifest.toFile()).path("source").textValue();
        } catch (IOException e) {
            return;
        }
        Path mine = source(sweep);
        if (owner != null && !Path.of(owner.toString()).equals(mine)) {
            throw new org.audiomaepp.harness.BadInputException(sweep.file() + ": the sweep name `" + sweep.name()
                    + "` is already used by " + owner + ", whose results are in " + manifest.getParent()
                    + "; give this sweep another `name:` (names identify a sweep's results), or run it with `harness run --force`"
                    + " anyway and let it take over that directory");
        }
    }

    /** Where the manifest of sweep {@code sweepName} lives under {@code resultsDir}. */
    public static Path path(Path resultsDir, String sweepName) {
        return resultsDir.resolve("sweeps").resolve(sweepName).resolve("manifest.json");
    }

    /** Adds (or replaces) a field of one run; the value must be JSON-like (maps, lists, scalars). */
    public Manifest put(String runName, String field, Object value) {
        Map<String, Object> extra = extraByRun.get(runName);
        if (extra == null) {
            throw new IllegalArgumentException("sweep " + sweep.name() + " has no run named " + runName);
        }
        if (RUN_FIELDS.contains(field)) {
            throw new IllegalArgumentException("run field " + field + " is written by the manifest itself");
        }
        extra.put(field, value);
        return this;
    }

    /** Adds (or replaces) a top-level field. */
    public Manifest putSweep(String field, Object value) {
        if (SWEEP_FIELDS.contains(field)) {
            throw new IllegalArgumentException("field " + field + " is written by the manifest itself");
        }
        extraTop.put(field, value);
        return this;
    }

    /** The manifest as a JSON-like tree (what {@link #write} serializes). */
    public Map<String, Object> toMap() {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("sweep", sweep.name());
        top.put("description", sweep.description());
        top.put("file", sweep.file().toString());
        top.put("source", source(sweep).toString());
        top.put("axes", sweep.axes());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Run r : sweep.runs()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("name", r.name());
            run.put("axes", r.axes());
            run.put("config_sha256", r.configSha256());
            run.put("config", r.config());
            run.putAll(extraByRun.get(r.name()));
            runs.add(run);
        }
        top.put("runs", runs);
        top.putAll(extraTop);
        return top;
    }

    /** Writes {@code <resultsDir>/sweeps/<name>/manifest.json} atomically and returns its path. */
    public Path write(Path resultsDir) {
        Path target = path(resultsDir, sweep.name());
        try {
            Files.createDirectories(target.getParent());
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            FileTrees.writeAtomically(target, JSON.writer(printer).writeValueAsString(toMap()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }
}
