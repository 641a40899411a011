package org.audiomaepp.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "model-info", mixinStandardHelpOptions = true, description = "(not yet available)")
final class ModelInfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("model-info is not available yet");
    }
}
