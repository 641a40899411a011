package org.audiomaepp.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "(not yet available)")
final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("status is not available yet");
    }
}
