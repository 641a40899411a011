/**
 * The four real stages of a run, registered by
 * {@link BuiltinStages#registry()}: thin translations of a job's
 * resolved config into calls of the models and tasks modules.
 * <ul>
 *   <li>{@link org.audiomaepp.harness.stages.FeaturesStage}: corpus → {@code out/shards/} (log-mel shards);
 *   <li>{@link org.audiomaepp.harness.stages.PretrainStage}: shards → {@code out/model.bin},
 *       {@code out/train_log.csv}, {@code out/pretrain.json} (resumable through the scratch directory);
 *   <li>{@link org.audiomaepp.harness.stages.EmbedStage}: weights + one task → {@code out/<split>.npy},
 *       {@code out/<split>.index.json}, {@code out/embedding.json};
 *   <li>{@link org.audiomaepp.harness.stages.ProbeStage}: embeddings + the task → {@code out/scores.json},
 *       {@code out/scores.csv}, {@code out/summary.csv}, {@code out/seed<k>/}.
 * </ul>
 * Each job runs in its own JVM whose engine thread counts the executor set from the job's slot.
 */
package org.audiomaepp.harness.stages;
