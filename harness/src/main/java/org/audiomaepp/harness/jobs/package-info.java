/**
 * The job graph: a sweep's runs expanded into cached stages
 * {@code features(corpus) → pretrain(model, recipe, seed) → embed(pretrain, task, embedding) →
 * probe(embed, probe config)}, each job identified by a content key (see
 * {@link org.audiomaepp.harness.jobs.JobGraph}), and the interface the stages implement
 * ({@link org.audiomaepp.harness.jobs.Stage}, {@link org.audiomaepp.harness.jobs.JobContext},
 * {@link org.audiomaepp.harness.jobs.StageRegistry}).
 *
 * <p>Stage configs (what {@link org.audiomaepp.harness.jobs.JobContext#config()} holds):
 * <ul>
 *   <li>{@code features}: {@code corpus} (absolute path of the corpus directory or list file);
 *   <li>{@code pretrain}: {@code model}, {@code pretrain} (the run's sections, without
 *       {@code pretrain.corpus}: the corpus is the features parent);
 *   <li>{@code embed}: {@code task} (directory name), {@code task_dir} (absolute path),
 *       {@code task_options} (the {@code tasks} section without dir/suite/names), {@code model},
 *       {@code embedding}; parent: the pretrain job;
 *   <li>{@code probe}: {@code task}, {@code task_dir}, {@code task_options}, {@code probe} (all
 *       seeds in one job); parent: the embed job.
 * </ul>
 */
package org.audiomaepp.harness.jobs;
