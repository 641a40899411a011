package org.audiomaepp.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "pretrain", mixinStandardHelpOptions = true, description = "(not yet available)")
final class PretrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("pretrain is not available yet");
    }
}
