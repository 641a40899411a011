/**
 * Pretraining: the recipe of {@code docs/model.md} §8 (AdamW, warm-up plus cosine learning rate,
 * gradient accumulation), random crops of a {@link org.audiomaepp.models.train.SpectrogramCorpus},
 * checkpoints that resume a run bit for bit, and the per-step log.
 *
 * <p>Every random choice (epoch order, crop starts, mask seeds) is a pure function of the run
 * seed and a counter ({@link org.audiomaepp.models.nn.Seeds}), so a resumed run needs nothing
 * but the step counter to draw exactly what an uninterrupted run would have drawn.
 */
package org.audiomaepp.models.train;
