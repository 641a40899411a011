package org.audiomaepp.models.mae;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.nn.Seeds;

/**
 * Draws pretraining masks (docs/model.md §6), each sample from its own generator seeded by
 * {@code (seed, sample index)}: the same seed gives the same masks on any machine.
 *
 * <ul>
 *   <li>{@code random}: keep the {@code floor(L·(1-r))} tokens with the smallest uniform noise; they
 *       enter the encoder in noise order, as in MAE.</li>
 *   <li>{@code time}: keep the {@code floor(T·(1-r))} time steps with the smallest noise, all
 *       frequency tokens of a step together; kept tokens enter in grid order.</li>
 *   <li>{@code chunk}: one size c in 3…5 per sample, then c × c squares (clipped at the grid's edge)
 *       at uniform top-left corners until more than the target are masked; the excess is taken
 *       back from the last square. Kept tokens enter in grid order.</li>
 * </ul>
 */
public final class MaskSampler {
    private final ModelConfig config;

    public MaskSampler(ModelConfig config) {
        this.config = config;
    }

    public Mask sample(int batch, long seed) {
        int[][] order = new int[batch][];
        for (int b = 0; b < batch; b++) {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, b));
            order[b] = switch (config.masking()) {
                case RANDOM -> random(rng);
                case TIME -> time(rng);
                case CHUNK -> chunk(rng);
            };
        }
        return new Mask(order, config.keptTokens());
    }

    private int[] random(SplittableRandom rng) {
        double[] noise = new double[config.tokenCount()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = rng.nextDouble();
        }
        return argsort(noise);
    }

    private int[] time(SplittableRandom rng) {
        int steps = config.gridTime();
        int freq = config.gridFreq();
        double[] noise = new double[steps];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = rng.nextDouble();
        }
        int[] stepOrder = argsort(noise);
        int keptSteps = config.keptTokens() / freq;
        boolean[] masked = new boolean[config.tokenCount()];
        for (int i = keptSteps; i < steps; i++) {
            for (int f = 0; f < freq; f++) {
                masked[stepOrder[i] * freq + f] = true;
            }
        }
        return keptFirst(masked);
    }

    private int[] chunk(SplittableRandom rng) {
        int steps = config.gridTime();
        int freq = config.gridFreq();
        int target = config.tokenCount() - config.keptTokens();
        int c = 3 + rng.nextInt(3);
        boolean[] masked = new boolean[config.tokenCount()];
        List<Integer> added = new ArrayList<>();
        while (added.size() <= target) {
            int t0 = rng.nextInt(steps);
            int f0 = rng.nextInt(freq);
            for (int t = t0; t < Math.min(steps, t0 + c); t++) {
                for (int f = f0; f < Math.min(freq, f0 + c); f++) {
                    int g = t * freq + f;
                    if (!masked[g]) {
                        masked[g] = true;
                        added.add(g);
                    }
                }
            }
        }
        while (added.size() > target) {
            masked[added.remove(added.size() - 1)] = false;
        }
        return keptFirst(masked);
    }

    /** Grid indices sorted by ascending noise (ties, which have probability 0, by index). */
    private static int[] argsort(double[] noise) {
        return IntStream.range(0, noise.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> noise[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    private static int[] keptFirst(boolean[] masked) {
        int[] order = new int[masked.length];
        int n = 0;
        for (int g = 0; g < masked.length; g++) {
            if (!masked[g]) {
                order[n++] = g;
            }
        }
        for (int g = 0; g < masked.length; g++) {
            if (masked[g]) {
                order[n++] = g;
            }
        }
        return Arrays.copyOf(order, n);
    }
}
