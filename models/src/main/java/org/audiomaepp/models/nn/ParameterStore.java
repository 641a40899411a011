package org.audiomaepp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parameter registry a network is built from: each piece asks for its tensors by name and
 * shape, in a fixed order, and gets them from a {@link Source} (seeded init or a saved file).
 */
public final class ParameterStore {

    /** Where starting values come from. */
    @FunctionalInterface
    public interface Source {
        float[] values(String name, Shape shape, Init init);
    }

    private final NDManager manager;
    private final Source source;
    private final List<NamedParameter> parameters = new ArrayList<>();

    public ParameterStore(NDManager manager, Source source) {
        this.manager = manager;
        this.source = source;
    }

    /**
     * Values drawn by {@link Init} from a generator seeded by {@code (seed, parameter name)}: the
     * same seed gives the same bytes, and a parameter's values do not depend on the others.
     */
    public static Source seeded(long seed) {
        return (name, shape, init) -> init.draw(shape, new SplittableRandom(Seeds.derive(seed, name)));
    }

    /** Registers a new trainable tensor. */
    public NDArray add(String name, Shape shape, Init init, boolean decay) {
        for (NamedParameter p : parameters) {
            if (p.name().equals(name)) {
                throw new IllegalStateException("parameter " + name + " registered twice");
            }
        }
        float[] values = source.values(name, shape, init);
        NDArray array = manager.create(values, shape);
        array.setName(name);
        array.setRequiresGradient(true);
        parameters.add(new NamedParameter(name, array, decay));
        return array;
    }

    /** The registered parameters in registration order. */
    public List<NamedParameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }
}
