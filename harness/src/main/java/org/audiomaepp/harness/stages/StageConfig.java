package org.audiomaepp.harness.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Small helpers the stages share for reading their resolved config and writing JSON records. */
final class StageConfig {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StageConfig() {}

    /** A section of a job's config; missing is a programming error of the job graph. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> config, String name) {
        if (config.get(name) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalStateException("job config has no '" + name + "' section: " + config.keySet());
    }

    /** A whole number from a config value (the resolved config holds Longs; strings are accepted too). */
    static int integer(Map<String, Object> section, String key, int otherwise) {
        Object v = section.get(key);
        return v == null ? otherwise : Math.toIntExact(Long.parseLong(v.toString()));
    }

    /**
     * Prepares the engine for work on the calling thread: PyTorch's grad mode is per thread and on
     * in a new thread (the engine turns it off only on the thread that loads it), while training
     * code expects it off outside a gradient collector. Matters when jobs run on threads of one JVM.
     */
    static void engineOnThisThread() {
        org.audiomaepp.models.train.EngineInfo.load();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    static void writeJson(Path file, Object value) throws IOException {
        JSON.writeValue(file.toFile(), value);
    }
}
