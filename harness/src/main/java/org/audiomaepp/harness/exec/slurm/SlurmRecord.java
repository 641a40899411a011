package org.audiomaepp.harness.exec.slurm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.harness.store.Store;

/**
 * The job's last submission to Slurm, kept in {@code <store>/<stage>/<key>/slurm.json} beside the
 * script ({@code slurm.sh}): a later {@code harness run} or {@code harness status} finds the job in
 * the queue by it instead of submitting it twice.
 *
 * @param slurmJobId the id sbatch returned
 * @param submitted  when, ISO-8601
 * @param host       where {@code harness run} submitted it from
 * @param afterOk    the Slurm ids it waited for
 * @param script     the script submitted
 */
public record SlurmRecord(
        @JsonProperty("slurm_job_id") String slurmJobId,
        @JsonProperty("submitted") String submitted,
        @JsonProperty("host") String host,
        @JsonProperty("after_ok") List<String> afterOk,
        @JsonProperty("script") String script) {

    /** The record's file name in the job's directory. */
    public static final String FILE = "slurm.json";
    /** The script's file name in the job's directory. */
    public static final String SCRIPT = "slurm.sh";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The job's record, if it was ever submitted to Slurm (and the record is readable). */
    public static Optional<SlurmRecord> read(Store store, String id) {
        Path file = store.jobDir(id).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), SlurmRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the record through a temporary file and a rename. */
    public void write(Store store, String id) {
        Path file = store.jobDir(id).resolve(FILE);
        try {
            FileTrees.writeAtomically(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
