package org.audiomaepp.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "features", mixinStandardHelpOptions = true, description = "(not yet available)")
final class FeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("features is not available yet");
    }
}
