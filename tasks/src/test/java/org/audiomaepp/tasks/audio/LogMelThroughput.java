package org.audiomaepp.tasks.audio;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures log-mel throughput by hand (not a test): batches of 10 s clips, reported as clips per
 * second after warm-up. Arguments: batch size (default 32), repetitions (default 10). Run from the
 * project root:
 * <pre>
 * mvn -B -q -o -pl tasks -am test-compile
 * mvn -B -q -o -pl tasks dependency:build-classpath -Dmdep.outputFile=/tmp/tasks-cp.txt -Dmdep.includeScope=test
 * OMP_NUM_THREADS=2 java -cp tasks/target/classes:tasks/target/test-classes:$(cat /tmp/tasks-cp.txt) \
 *     org.audiomaepp.tasks.audio.LogMelThroughput 32 10
 * </pre>
 */
public final class LogMelThroughput {

    private LogMelThroughput() {}

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        SplittableRandom random = new SplittableRandom(0);
        List<float[]> clips = new ArrayList<>();
        for (int c = 0; c < batch; c++) {
            float[] x = new float[10 * LogMel.SAMPLE_RATE];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
            clips.add(x);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int w = 0; w < 3; w++) {
                LogMel.features(manager, clips);
            }
            for (String what : new String[] {"logMel", "features (logMel + normalize)"}) {
                long start = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    if (what.equals("logMel")) {
                        LogMel.logMel(manager, clips);
                    } else {
                        LogMel.features(manager, clips);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double clipsPerSecond = batch * reps / seconds;
                System.out.printf("%s: batch %d x 10 s, %d reps: %.1f clips/s (%.0fx real time)%n",
                        what, batch, reps, clipsPerSecond, clipsPerSecond * 10);
            }
        }
    }
}
