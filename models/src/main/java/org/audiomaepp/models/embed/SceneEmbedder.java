package org.audiomaepp.models.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.config.Layout;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Pad;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.nn.NoGrad;

/**
 * Frozen scene embeddings of whole clips (docs/model.md §9): pad the clip's normalized log-mel to whole
 * 2-s chunks, encode every chunk without masking, turn each chunk's tokens into time steps
 * (5·D values per step for patches, D for frames), join the chunks along time, drop the steps that
 * came only from padding, and average over time.
 *
 * <p>Chunks of many clips are batched together through the encoder; each batch runs in its own
 * sub-manager. Sums are taken in a fixed order in double precision, so results are repeatable.
 */
public final class SceneEmbedder {
    private final MaskedAutoencoder model;
    private final EmbeddingConfig config;
    private final int batchChunks;

    public SceneEmbedder(MaskedAutoencoder model, EmbeddingConfig config) {
        this(model, config, 32);
    }

    /**
     * @param batchChunks how many 2-s chunks (of any clips) go through the encoder at once
     */
    public SceneEmbedder(MaskedAutoencoder model, EmbeddingConfig config, int batchChunks) {
        if (batchChunks < 1) {
            throw new IllegalArgumentException("batchChunks must be at least 1");
        }
        this.model = model;
        this.config = config;
        this.batchChunks = batchChunks;
    }

    /** Values per scene embedding: 5·D for patch tokens, D for frame tokens. */
    public int dimension() {
        ModelConfig c = model.config();
        return c.gridFreq() * c.width();
    }

    /** The scene embedding of one clip's normalized log-mel [frames][mel bins]. */
    public float[] embed(float[][] logMel) {
        return embedAll(Collections.singletonList(logMel)).get(0);
    }

    /** Scene embeddings of many clips, in the order given (inference: no gradients are recorded). */
    public List<float[]> embedAll(List<float[][]> clips) {
        return NoGrad.call(() -> embedWithoutGradients(clips));
    }

    private List<float[]> embedWithoutGradients(List<float[][]> clips) {
        ModelConfig c = model.config();
        int frames = c.inputFrames();
        int steps = c.gridTime();
        int stepDim = dimension();
        List<float[][]> padded = new ArrayList<>();
        List<int[]> work = new ArrayList<>();
        int[] validSteps = new int[clips.size()];
        double[][] sums = new double[clips.size()][stepDim];
        for (int i = 0; i < clips.size(); i++) {
            float[][] clip = clips.get(i);
            check(clip, i, c.melBins());
            float[][] p = pad(clip, frames, config.pad());
            padded.add(p);
            int framesPerStep = frames / steps;
            validSteps[i] = (clip.length + framesPerStep - 1) / framesPerStep;
            for (int k = 0; k < p.length / frames; k++) {
                work.add(new int[] {i, k});
            }
        }
        float[] input = new float[batchChunks * frames * c.melBins()];
        for (int from = 0; from < work.size(); from += batchChunks) {
            int n = Math.min(batchChunks, work.size() - from);
            for (int j = 0; j < n; j++) {
                int[] w = work.get(from + j);
                float[][] p = padded.get(w[0]);
                for (int t = 0; t < frames; t++) {
                    System.arraycopy(p[w[1] * frames + t], 0, input, (j * frames + t) * c.melBins(), c.melBins());
                }
            }
            float[] tokens;
            try (NDManager batch = model.newSubManager()) {
                NDArray spec = batch.create(input, model.inputShape(batchChunks)).get(":" + n);
                tokens = model.encode(spec).toFloatArray();
            }
            for (int j = 0; j < n; j++) {
                int[] w = work.get(from + j);
                float[] chunkSteps = steps(tokens, j, c);
                for (int s = 0; s < steps; s++) {
                    if (w[1] * steps + s < validSteps[w[0]]) {
                        double[] sum = sums[w[0]];
                        for (int v = 0; v < stepDim; v++) {
                            sum[v] += chunkSteps[s * stepDim + v];
                        }
                    }
                }
            }
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            float[] e = new float[stepDim];
            for (int v = 0; v < stepDim; v++) {
                e[v] = (float) (sums[i][v] / validSteps[i]);
            }
            out.add(e);
        }
        return out;
    }

    /**
     * Chunk {@code j}'s tokens [L, D] (time-major grid) as time steps [steps, F·D]. Time-major
     * concatenates each step's own F tokens; the official layout reads the same sequence as if it
     * were frequency-major [F, steps, D] and then concatenates along F.
     */
    private float[] steps(float[] tokens, int j, ModelConfig c) {
        int l = c.tokenCount();
        int d = c.width();
        int f = c.gridFreq();
        int steps = c.gridTime();
        float[] out = new float[l * d];
        int base = j * l * d;
        if (config.layout() == Layout.TIME_MAJOR || f == 1) {
            System.arraycopy(tokens, base, out, 0, l * d);
            return out;
        }
        for (int s = 0; s < steps; s++) {
            for (int band = 0; band < f; band++) {
                int token = band * steps + s;
                System.arraycopy(tokens, base + token * d, out, (s * f + band) * d, d);
            }
        }
        return out;
    }

    /**
     * Pads at the end to whole chunks: {@code zero} always adds at least one frame (a clip already a
     * multiple gets a whole extra chunk); {@code reflect} mirrors the clip (edge frame not repeated,
     * reflecting again off either end when the clip is shorter than the padding) up to the next
     * multiple only.
     */
    static float[][] pad(float[][] clip, int chunk, Pad pad) {
        int n = clip.length;
        int total = pad == Pad.ZERO ? (n / chunk + 1) * chunk : ((n + chunk - 1) / chunk) * chunk;
        float[][] out = new float[total][];
        int bins = clip[0].length;
        for (int t = 0; t < total; t++) {
            if (t < n) {
                out[t] = clip[t];
            } else if (pad == Pad.ZERO) {
                out[t] = new float[bins];
            } else {
                out[t] = clip[reflect(t, n)];
            }
        }
        return out;
    }

    /** numpy's {@code reflect} index for position t of a sequence of n (period 2·(n-1)). */
    static int reflect(int t, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int r = t % period;
        return r < n ? r : period - r;
    }

    private static void check(float[][] clip, int index, int melBins) {
        if (clip.length == 0) {
            throw new IllegalArgumentException("clip " + index + " has no frames");
        }
        for (float[] frame : clip) {
            if (frame.length != melBins) {
                throw new IllegalArgumentException("clip " + index + " has a frame of " + frame.length
                        + " mel bins; the model needs " + melBins);
            }
        }
    }
}
