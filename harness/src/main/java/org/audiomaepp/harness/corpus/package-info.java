/**
 * The pretraining corpus on disk: listing its audio files, turning them once into cached
 * normalized log-mel shards ({@link org.audiomaepp.harness.corpus.FeatureShards}), and reading the
 * shards back as a {@link org.audiomaepp.models.train.SpectrogramCorpus}
 * ({@link org.audiomaepp.harness.corpus.ShardCorpus}).
 */
package org.audiomaepp.harness.corpus;
