package org.audiomaepp.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "job", mixinStandardHelpOptions = true, description = "(not yet available)")
final class JobCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("job is not available yet");
    }
}
