package org.audiomaepp.harness.cli;

import java.util.Properties;
import org.audiomaepp.harness.BuildVersions;
import picocli.CommandLine;

/** Prints the project's version and the DJL and PyTorch versions it was built against. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties p = BuildVersions.properties();
        return new String[] {
            "harness " + p.getProperty("project.version", "unknown"),
            "DJL " + p.getProperty("djl.version", "unknown"),
            "PyTorch " + p.getProperty("pytorch.version", "unknown")
                    + " (" + p.getProperty("pytorch.native", "unknown") + ")",
        };
    }
}
