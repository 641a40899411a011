package org.audiomaepp.models.mae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.nn.NamedParameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gradients must not depend on when the Java garbage collector runs. Constants handed to the engine
 * as Java numbers live in direct buffers the collector frees; if autograd kept such a constant for
 * the backward pass, a collection between forward and backward would let it read reused memory.
 */
class GradientsAndTheCollectorTest {

    @ParameterizedTest(name = "{0} blocks, rope {1}")
    @CsvSource({"vanilla, none", "plusplus, none", "plusplus, both"})
    void aCollectionBetweenForwardAndBackwardChangesNoGradient(String block, String rope) {
        ModelConfig config = MaskedAutoencoderTest.micro("block", block, "rope", rope);
        float[][] calm = gradients(config, false);
        float[][] collected = gradients(config, true);
        for (int i = 0; i < calm.length; i++) {
            assertArrayEquals(calm[i], collected[i], "gradient of parameter " + i);
        }
    }

    /** Every parameter's gradient after one loss, optionally collecting garbage before the backward pass. */
    private static float[][] gradients(ModelConfig config, boolean collectBeforeBackward) {
        try (NDManager m = NDManager.newBaseManager(); MaskedAutoencoder mae = MaskedAutoencoder.create(config, m, 3)) {
            List<NamedParameter> params = mae.parameters();
            for (NamedParameter p : params) {
                p.array().setRequiresGradient(true);
            }
            try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = mae.loss(MaskedAutoencoderTest.syntheticBatch(step, 2, 5), 11L);
                if (collectBeforeBackward) {
                    collectAndReuseFreedBuffers();
                }
                gc.backward(loss);
                float[][] out = new float[params.size()][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = params.get(i).array().getGradient().toFloatArray();
                }
                return out;
            }
        }
    }

    /** Runs the collector until unreachable direct buffers are freed, then fills freed memory with junk. */
    private static void collectAndReuseFreedBuffers() {
        List<ByteBuffer> junk = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 4)).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 4) {
                    b.putFloat(1e4f + i);
                }
                junk.add(b);
            }
        }
    }
}
