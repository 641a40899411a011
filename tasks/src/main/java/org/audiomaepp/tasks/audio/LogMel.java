package org.audiomaepp.tasks.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's input features (docs/model.md §1): log-mel spectrograms of 16 kHz mono clips,
 * equal to torchaudio's
 * {@code MelSpectrogram(sample_rate=16000, n_fft=400, win_length=400, hop_length=160, f_min=50,
 * f_max=8000, n_mels=80, window_fn=hann_window (periodic), power=2, center=True, pad_mode="reflect",
 * norm=None, mel_scale="htk")} followed by {@code ln(x + 1.1920929e-07)}, transposed to time-major
 * {@code [frames][80]} with {@code frames = 1 + samples / 160}.
 *
 * <p>The spectrogram runs on the DJL engine in batches: the reflect-padded signal is cut into
 * 400-sample frames in Java, all frames of all clips are multiplied at once by a fixed
 * {@code [400, 402]} matrix holding the Hann-windowed cosine and sine DFT bases for the 201
 * one-sided frequencies, squared, summed into the power spectrum and multiplied by the {@code [201, 80]}
 * mel filterbank. Every array lives in a sub-manager closed before returning. Results match a
 * double-precision direct DFT to float32 precision.
 *
 * <p>Clips must have at least {@value #MIN_SAMPLES} samples: reflect padding by half a window needs
 * more samples than the padding (torchaudio fails the same way).
 *
 * <p>{@link #normalize} is the per-clip standardisation the model sees; {@link #features} does both.
 */
public final class LogMel {

    public static final int SAMPLE_RATE = 16_000;
    public static final int N_FFT = 400;
    public static final int HOP = 160;
    public static final int N_MELS = 80;
    public static final double F_MIN = 50;
    public static final double F_MAX = 8000;
    /** Added to the mel power before the log: float32 machine epsilon, as in the released code. */
    public static final float LOG_OFFSET = 1.1920929e-07f;
    /** Added to the standard deviation in {@link #normalize}. */
    public static final double NORM_EPS = 1e-8;
    /** Shortest clip that can be reflect-padded by {@code N_FFT / 2}. */
    public static final int MIN_SAMPLES = N_FFT / 2 + 1;

    static final int N_FREQS = N_FFT / 2 + 1;
    /** Frames multiplied per engine call: bounds native memory whatever the batch size. */
    private static final int FRAMES_PER_CALL = 8192;

    private static final float[] DFT_BASIS = dftBasis();
    private static final float[] FILTERBANK = flatten(melFilterbank());

    private LogMel() {}

    /** Number of frames for a clip of {@code samples} samples: {@code 1 + samples / HOP}. */
    public static int frameCount(int samples) {
        return 1 + samples / HOP;
    }

    /** Log-mel spectrogram of one clip, {@code [frameCount(clip.length)][N_MELS]}. */
    public static float[][] logMel(NDManager manager, float[] clip16k) {
        return logMel(manager, List.of(clip16k)).get(0);
    }

    /**
     * Log-mel spectrograms of clips of any lengths, one {@code [frames][N_MELS]} array per clip, in
     * order. All frames of all clips go through the same matrix products, in chunks of at most
     * {@value #FRAMES_PER_CALL} frames; batching changes speed, not values (beyond float32 rounding
     * differences a matrix library might make between row counts; on x86 CPUs they are identical).
     *
     * @throws IllegalArgumentException if a clip has fewer than {@value #MIN_SAMPLES} samples
     */
    public static List<float[][]> logMel(NDManager manager, List<float[]> clips16k) {
        int[] frames = new int[clips16k.size()];
        long remaining = 0;
        for (int c = 0; c < frames.length; c++) {
            int n = clips16k.get(c).length;
            if (n < MIN_SAMPLES) {
                throw new IllegalArgumentException("clip " + c + " has " + n + " samples; a log-mel spectrogram needs at least "
                        + MIN_SAMPLES + " (" + MIN_SAMPLES * 1000.0 / SAMPLE_RATE + " ms at 16 kHz)");
            }
            frames[c] = frameCount(n);
            remaining += frames[c];
        }
        List<float[][]> out = new ArrayList<>(frames.length);
        for (int c = 0; c < frames.length; c++) {
            out.add(new float[frames[c]][]);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray basis = scope.create(DFT_BASIS, new Shape(N_FFT, 2 * N_FREQS));
            NDArray filterbank = scope.create(FILTERBANK, new Shape(N_FREQS, N_MELS));
            // walk (clip, frame) pairs in order, filling one chunk of frames at a time
            int clip = 0;
            int frame = 0;
            while (clip < frames.length) {
                int chunk = 0;
                int startClip = clip;
                int startFrame = frame;
                int rows = (int) Math.min(FRAMES_PER_CALL, remaining);
                float[] windows = new float[rows * N_FFT];
                while (chunk < rows) {
                    int take = Math.min(frames[clip] - frame, rows - chunk);
                    cutFrames(clips16k.get(clip), frame, take, windows, chunk);
                    chunk += take;
                    frame += take;
                    if (frame == frames[clip]) {
                        clip++;
                        frame = 0;
                    }
                }
                remaining -= rows;
                float[] mel = melChunk(scope, basis, filterbank, windows, rows);
                scatter(mel, rows, out, frames, startClip, startFrame);
            }
        }
        return out;
    }

    private static float[] melChunk(NDManager scope, NDArray basis, NDArray filterbank, float[] windows, int rows) {
        try (NDManager step = scope.newSubManager()) {
            NDArray x = step.create(windows, new Shape(rows, N_FFT));
            NDArray spectrum = x.matMul(basis).square();
            NDArray power = spectrum.get(":, 0:" + N_FREQS).add(spectrum.get(":, " + N_FREQS + ":"));
            return power.matMul(filterbank).add(LOG_OFFSET).log().toFloatArray();
        }
    }

    /** Copies {@code count} reflect-padded windows of {@code clip}, starting at frame {@code first}. */
    private static void cutFrames(float[] clip, int first, int count, float[] windows, int row) {
        int n = clip.length;
        int pad = N_FFT / 2;
        for (int t = 0; t < count; t++) {
            int start = (first + t) * HOP - pad;
            int base = (row + t) * N_FFT;
            if (start >= 0 && start + N_FFT <= n) {
                System.arraycopy(clip, start, windows, base, N_FFT);
            } else {
                for (int j = 0; j < N_FFT; j++) {
                    int i = start + j;
                    // reflect without repeating the edge sample, like numpy/torch "reflect"
                    windows[base + j] = clip[i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i];
                }
            }
        }
    }

    private static void scatter(float[] mel, int rows, List<float[][]> out, int[] frames, int clip, int frame) {
        for (int r = 0; r < rows; r++) {
            float[] row = new float[N_MELS];
            System.arraycopy(mel, r * N_MELS, row, 0, N_MELS);
            out.get(clip)[frame] = row;
            if (++frame == frames[clip]) {
                clip++;
                frame = 0;
            }
        }
    }

    /**
     * Per-clip standardisation: {@code (x - mean) / (std + NORM_EPS)} with the mean and population
     * standard deviation of every bin of the clip. Statistics are accumulated in double precision in
     * row order, so the result is reproducible. Returns a new array.
     */
    public static float[][] normalize(float[][] logMel) {
        double sum = 0;
        long count = 0;
        for (float[] row : logMel) {
            for (float v : row) {
                sum += v;
            }
            count += row.length;
        }
        double mean = sum / count;
        double squares = 0;
        for (float[] row : logMel) {
            for (float v : row) {
                squares += (v - mean) * (v - mean);
            }
        }
        double scale = 1 / (Math.sqrt(squares / count) + NORM_EPS);
        float[][] out = new float[logMel.length][];
        for (int t = 0; t < logMel.length; t++) {
            out[t] = new float[logMel[t].length];
            for (int m = 0; m < logMel[t].length; m++) {
                out[t][m] = (float) ((logMel[t][m] - mean) * scale);
            }
        }
        return out;
    }

    /** Normalised log-mel spectrograms: {@link #logMel(NDManager, List)} then {@link #normalize}. */
    public static List<float[][]> features(NDManager manager, List<float[]> clips16k) {
        List<float[][]> out = new ArrayList<>();
        for (float[][] m : logMel(manager, clips16k)) {
            out.add(normalize(m));
        }
        return out;
    }

    /**
     * {@code [N_FFT, 2 * N_FREQS]}: column k is {@code w[n] cos(2 pi k n / N_FFT)}, column
     * {@code N_FREQS + k} is {@code w[n] sin(...)}, with the periodic Hann window {@code w}.
     */
    private static float[] dftBasis() {
        float[] b = new float[N_FFT * 2 * N_FREQS];
        for (int n = 0; n < N_FFT; n++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / N_FFT);
            for (int k = 0; k < N_FREQS; k++) {
                // reduce k*n modulo N_FFT first so the angle is exact for every k
                double angle = 2 * Math.PI * ((k * n) % N_FFT) / N_FFT;
                b[n * 2 * N_FREQS + k] = (float) (w * Math.cos(angle));
                b[n * 2 * N_FREQS + N_FREQS + k] = (float) (w * Math.sin(angle));
            }
        }
        return b;
    }

    /**
     * torchaudio's {@code melscale_fbanks(n_freqs=201, f_min=50, f_max=8000, n_mels=80,
     * sample_rate=16000, norm=None, mel_scale="htk")}, {@code [N_FREQS][N_MELS]}: triangles on
     * {@code N_MELS + 2} points equally spaced in HTK mel ({@code 2595 log10(1 + f / 700)}) over the
     * FFT bin frequencies {@code linspace(0, 8000, 201)}, peak 1, no area normalisation.
     */
    static double[][] melFilterbank() {
        double melMin = hzToMel(F_MIN);
        double melMax = hzToMel(F_MAX);
        double[] points = new double[N_MELS + 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = melToHz(melMin + (melMax - melMin) * i / (N_MELS + 1));
        }
        double[][] fb = new double[N_FREQS][N_MELS];
        for (int k = 0; k < N_FREQS; k++) {
            double f = (SAMPLE_RATE / 2.0) * k / (N_FREQS - 1);
            for (int m = 0; m < N_MELS; m++) {
                double rising = (f - points[m]) / (points[m + 1] - points[m]);
                double falling = (points[m + 2] - f) / (points[m + 2] - points[m + 1]);
                fb[k][m] = Math.max(0, Math.min(rising, falling));
            }
        }
        return fb;
    }

    static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    private static float[] flatten(double[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                out[i * m[i].length + j] = (float) m[i][j];
            }
        }
        return out;
    }
}
