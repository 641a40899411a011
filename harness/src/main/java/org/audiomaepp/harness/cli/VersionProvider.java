package org.audiomaepp.harness.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** Prints the project's version and the DJL and PyTorch versions it was built against. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    /** Build-time versions, filtered in by Maven. */
    public static Properties buildVersions() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(
                "/org/audiomaepp/harness/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Override
    public String[] getVersion() {
        Properties p = buildVersions();
        return new String[] {
            "harness " + p.getProperty("project.version", "unknown"),
            "DJL " + p.getProperty("djl.version", "unknown"),
            "PyTorch " + p.getProperty("pytorch.version", "unknown")
                    + " (" + p.getProperty("pytorch.native", "unknown") + ")",
        };
    }
}
