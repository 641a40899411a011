package org.audiomaepp.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this build was made with (project, DJL, PyTorch and its native library), filtered
 * into {@code version.properties} by Maven: for {@code --version}, job keys and provenance records.
 */
public final class BuildVersions {

    private BuildVersions() {}

    /** All build-time versions. */
    public static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = BuildVersions.class.getResourceAsStream("/org/audiomaepp/harness/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** One version by its property name ({@code project.version}, {@code djl.version}, ...), or {@code unknown}. */
    public static String get(String name) {
        return properties().getProperty(name, "unknown");
    }

    /** The project version alone (part of every job key). */
    public static String project() {
        return get("project.version");
    }
}
