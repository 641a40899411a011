package org.audiomaepp.tasks.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A probe's results must not depend on when the Java garbage collector runs: no constant that
 * autograd keeps for the backward pass may live in a buffer the collector frees. The probe is
 * trained once quietly and once while another thread keeps collecting garbage and refilling freed
 * memory with junk; every test probability must come out the same.
 */
class ProbeAndTheCollectorTest {
    private static final ProbeConfig CONFIG = ProbeConfig.defaults().withSeeds(List.of(0, 1))
            .withBatchSize(32).withSchedule(6, 1, 2);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"multiclass", "multilabel"})
    void collectionsDuringTrainingChangeNoPrediction(String kind) throws InterruptedException {
        ProbeData data = kind.equals("multiclass")
                ? SyntheticProbeData.multiclass(3, 40, 12, 4, 1.5, false, 3)
                : SyntheticProbeData.multilabel(60, 8, 5, 5);
        ProbeResult calm = new Prober(CONFIG, line -> {}).run(data);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong rounds = new AtomicLong();
        Thread collector = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                List<ByteBuffer> junk = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 4)).order(ByteOrder.nativeOrder());
                    while (b.remaining() >= 4) {
                        b.putFloat(1e4f + i);
                    }
                    junk.add(b);
                }
                rounds.incrementAndGet();
            }
        }, "collector");
        collector.start();
        ProbeResult busy;
        try {
            busy = new Prober(CONFIG, line -> {}).run(data);
        } finally {
            stop.set(true);
            collector.join();
        }
        assertTrue(rounds.get() > 0);
        for (int s = 0; s < calm.seeds().size(); s++) {
            for (int k = 0; k < calm.seeds().get(s).splits().size(); k++) {
                float[][] a = calm.seeds().get(s).splits().get(k).testProbs();
                float[][] b = busy.seeds().get(s).splits().get(k).testProbs();
                for (int i = 0; i < a.length; i++) {
                    assertArrayEquals(a[i], b[i], "seed " + s + " split " + k + " clip " + i);
                }
            }
        }
    }
}
