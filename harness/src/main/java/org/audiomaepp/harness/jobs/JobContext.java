package org.audiomaepp.harness.jobs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a running job sees: its resolved config, where its parents' finished outputs are, where to
 * write its own outputs, and the resources it was given.
 */
public interface JobContext {

    /** The job being run (stage, key, resolved config, parents). */
    JobSpec spec();

    /** The job's resolved config ({@code spec().config()}). */
    default Map<String, Object> config() {
        return spec().config();
    }

    /**
     * The finished output directory of the parent job of the given stage, e.g.
     * {@code parentOutput("pretrain")} inside an embed job.
     *
     * @throws IllegalArgumentException if the job has no parent of that stage
     */
    Path parentOutput(String stage);

    /** Finished output directories of every parent, in the order of {@code spec().parents()}. */
    List<Path> parentOutputs();

    /**
     * Where the job writes its outputs. It is a temporary directory: it becomes the job's
     * {@code out/} directory only after {@link Stage#run} returns normally, so outputs must refer to
     * each other by relative paths.
     */
    Path outputDir();

    /**
     * A directory that survives failed and interrupted attempts of this job and is deleted once the
     * job is done: for resumable checkpoints of long jobs. What is in it may only make a retry
     * faster, never change its outputs.
     */
    Path scratchDir();

    /** The job's log (kept in the store beside its outputs). */
    PrintStream log();

    /** Starts reporting progress of a loop of {@code total} units named {@code what}. */
    Progress progress(String what, long total);

    /** The device to run on: {@code cpu} or {@code gpu:0} (the slot's GPU, as the child sees it). */
    String device();

    /** How many CPU threads the job may use (intra-op threads). */
    int threads();
}
