package org.audiomaepp.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "probe", mixinStandardHelpOptions = true, description = "(not yet available)")
final class ProbeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("probe is not available yet");
    }
}
