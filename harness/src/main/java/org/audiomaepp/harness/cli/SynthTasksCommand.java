package org.audiomaepp.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "synth-tasks", mixinStandardHelpOptions = true, description = "(not yet available)")
final class SynthTasksCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("synth-tasks is not available yet");
    }
}
