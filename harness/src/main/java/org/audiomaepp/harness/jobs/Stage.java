package org.audiomaepp.harness.jobs;

/**
 * One kind of job in the graph (features, pretrain, embed, probe): the code that turns a job's
 * resolved config and its parents' outputs into its own outputs.
 *
 * <p>An implementation must write only into {@link JobContext#outputDir()}, must draw every random
 * number from generators seeded from the config, and signals a failure by throwing. A failure that
 * may go away on a second try (a lost device, a full disk that is being cleaned) is signalled by
 * throwing a {@link TransientJobException}; the executor retries those a bounded number of times.
 */
public interface Stage {

    /** The stage's name as it appears in the store ({@code results/store/<name>/<key>}). */
    String name();

    /**
     * The version of this stage's implementation. It is part of every job key of the stage, so
     * bumping it deliberately invalidates the stage's cached results (and those of its dependents).
     */
    default String version() {
        return "1";
    }

    /** Runs one job. Returns normally only when every output is complete. */
    void run(JobContext ctx) throws Exception;
}
