/**
 * HEAR scene metrics with scikit-learn semantics ({@link org.audiomaepp.tasks.metrics.Metric}:
 * top1_acc, pitch_acc, chroma_acc, mAP, aucroc, d_prime), resolved from a task's
 * {@code evaluation} list ({@link org.audiomaepp.tasks.metrics.Metrics}), and the distributions
 * behind d' and the seed intervals ({@link org.audiomaepp.tasks.metrics.NormalQuantile},
 * {@link org.audiomaepp.tasks.metrics.StudentT}).
 */
package org.audiomaepp.tasks.metrics;
