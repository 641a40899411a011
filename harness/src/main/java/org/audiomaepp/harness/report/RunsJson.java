package org.audiomaepp.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.audiomaepp.harness.BadInputException;

/**
 * Reads and writes {@code runs.json}: {@code {"sweep": NAME, "description": TEXT, "runs": [RunProvenance…]}}.
 * Unknown fields are ignored so that the engine can record more than reports show; task states are
 * written as {@code DONE}, {@code FAILED}, {@code MISSING} (lower case is accepted when reading).
 */
public final class RunsJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The whole file: the sweep's name and description, and its runs. */
    public record SweepRuns(String sweep, String description, List<RunProvenance> runs) {
        public SweepRuns {
            sweep = sweep == null ? "" : sweep;
            description = description == null ? "" : description;
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    private RunsJson() {}

    public static void write(Path file, SweepRuns runs) {
        try {
            ReportBuilder.writeAtomically(file, MAPPER.writeValueAsString(runs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize runs for " + file, e);
        }
    }

    public static SweepRuns read(Path file) {
        return readEngineFile(MAPPER, file, SweepRuns.class, "runs.json");
    }

    /** Reads a JSON file the sweep engine writes beside {@code scores.csv}; a missing or broken one is a bad input. */
    static <T> T readEngineFile(ObjectMapper mapper, Path file, Class<T> type, String name) {
        try {
            return mapper.readValue(Files.readString(file), type);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " does not exist; it is written by the sweep engine next to scores.csv");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + " is not a valid " + name + " ("
                    + e.getOriginalMessage() + " at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + "); it is written by the sweep engine, re-run `harness report` on the sweep to regenerate it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
