package org.audiomaepp.models.train;

/**
 * The MAE learning rate (docs/model.md §8.2): linear warm-up from 0 to the peak over the warm-up
 * epochs, then a half-cycle cosine from the peak to 0 at the last epoch, evaluated at the
 * fractional epoch of every optimizer step.
 *
 * @param peak the peak learning rate, {@code base_lr * batch / 256}
 * @param warmupEpochs epochs of linear warm-up
 * @param epochs total epochs
 */
public record LearningRateSchedule(double peak, double warmupEpochs, double epochs) {

    /** The schedule of a recipe: peak scaled linearly with the effective batch. */
    public static LearningRateSchedule of(PretrainConfig config) {
        return new LearningRateSchedule(
                config.baseLr() * config.batchSize() / 256.0, config.warmupEpochs(), config.epochs());
    }

    /** The learning rate at fractional epoch {@code epoch}. */
    public double at(double epoch) {
        if (epoch < warmupEpochs) {
            return peak * epoch / warmupEpochs;
        }
        double span = epochs - warmupEpochs;
        double progress = span <= 0 ? 1.0 : Math.min(1.0, (epoch - warmupEpochs) / span);
        return peak * 0.5 * (1.0 + Math.cos(Math.PI * progress));
    }
}
