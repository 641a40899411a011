package org.audiomaepp.models.nn;

/**
 * The fixed (not trained) sin-cos position tables of docs/model.md §3.1–3.2, row-major [tokens, width],
 * without the cls row (whose position is zero, so adding it changes nothing).
 */
public final class SinCos {
    private SinCos() {}

    /**
     * MAE's 2-D table for a time-major grid (token {@code t·freq + f}): channels [0, D/4) are
     * {@code sin(f·ω_k)}, [D/4, D/2) {@code cos(f·ω_k)}, [D/2, 3D/4) {@code sin(t·ω_k)}, [3D/4, D)
     * {@code cos(t·ω_k)}, with {@code ω_k = 10000^(-k/(D/4))}.
     */
    public static float[] table2d(int width, int gridTime, int gridFreq) {
        int quarter = width / 4;
        float[] table = new float[gridTime * gridFreq * width];
        for (int t = 0; t < gridTime; t++) {
            for (int f = 0; f < gridFreq; f++) {
                int row = (t * gridFreq + f) * width;
                for (int k = 0; k < quarter; k++) {
                    double omega = Math.pow(10000.0, -(double) k / quarter);
                    table[row + k] = (float) Math.sin(f * omega);
                    table[row + quarter + k] = (float) Math.cos(f * omega);
                    table[row + 2 * quarter + k] = (float) Math.sin(t * omega);
                    table[row + 3 * quarter + k] = (float) Math.cos(t * omega);
                }
            }
        }
        return table;
    }

    /**
     * The 1-D table over token index p: channels [0, D/2) are {@code sin(p·ω_k)}, [D/2, D)
     * {@code cos(p·ω_k)}, with {@code ω_k = 10000^(-k/(D/2))}.
     */
    public static float[] table1d(int width, int tokens) {
        int half = width / 2;
        float[] table = new float[tokens * width];
        for (int p = 0; p < tokens; p++) {
            for (int k = 0; k < half; k++) {
                double omega = Math.pow(10000.0, -(double) k / half);
                table[p * width + k] = (float) Math.sin(p * omega);
                table[p * width + half + k] = (float) Math.cos(p * omega);
            }
        }
        return table;
    }
}
