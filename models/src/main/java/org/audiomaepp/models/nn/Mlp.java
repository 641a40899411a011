package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** {@code Linear(D, hD) → act → Linear(hD, D)}: the ViT MLP (GELU) and the macaron half-MLP (SiLU). */
public record Mlp(Linear fc1, Linear fc2, Act act) {

    /** The MLP's nonlinearity. */
    public enum Act {
        /** Exact (erf) GELU, as {@code torch.nn.GELU()}. */
        GELU,
        /** SiLU = x·sigmoid(x). */
        SILU
    }

    public static Mlp create(ParameterStore params, String name, int width, int hidden, Act act) {
        return new Mlp(Linear.create(params, name + ".fc1", width, hidden),
                Linear.create(params, name + ".fc2", hidden, width), act);
    }

    public NDArray forward(NDArray x) {
        NDArray h = fc1.forward(x);
        h = act == Act.GELU ? Activation.gelu(h) : silu(h);
        return fc2.forward(h);
    }

    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }
}
