package org.audiomaepp.harness.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The stage implementations a process runs jobs with, by stage name.
 *
 * <p>The command line uses {@link #fromSystem}: the built-in stages, unless the system property
 * {@value #PROPERTY} names a class implementing {@code Supplier<StageRegistry>} (tests use it to run
 * real child JVMs with fake stages; the executors pass the property on to the child JVMs).
 */
public final class StageRegistry {

    /** System property naming a {@code Supplier<StageRegistry>} class to use instead of the built-in stages. */
    public static final String PROPERTY = "harness.stages";

    /** The four stages of a run, in graph order. */
    public static final List<String> STAGES = List.of("features", "pretrain", "embed", "probe");

    /** Code version recorded for a stage that has no implementation in this build. */
    static final String UNREGISTERED = "unregistered";

    private final Map<String, Stage> stages = new LinkedHashMap<>();

    /** Adds (or replaces) the implementation of {@code stage.name()}. */
    public StageRegistry register(Stage stage) {
        stages.put(stage.name(), stage);
        return this;
    }

    /** The implementation of a stage, if this build has one. */
    public Optional<Stage> find(String name) {
        return Optional.ofNullable(stages.get(name));
    }

    /** The code version that goes into the keys of the stage's jobs. */
    public String version(String name) {
        Stage s = stages.get(name);
        return s == null ? UNREGISTERED : s.version();
    }

    /**
     * {@code builtin}'s stages, or the registry named by the {@value #PROPERTY} system property.
     * The built-in stages are given by the caller: the stages depend on this package, not the
     * other way round.
     */
    public static StageRegistry fromSystem(Supplier<StageRegistry> builtin) {
        String className = System.getProperty(PROPERTY);
        if (className == null || className.isBlank()) {
            return builtin.get();
        }
        try {
            Object supplier = Class.forName(className).getDeclaredConstructor().newInstance();
            if (supplier instanceof Supplier<?> s && s.get() instanceof StageRegistry registry) {
                return registry;
            }
            throw new IllegalStateException(className + " is not a Supplier<StageRegistry>");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load stage registry " + className + " (-D" + PROPERTY + ")", e);
        }
    }
}
