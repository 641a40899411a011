package org.audiomaepp.harness.cli;

import java.nio.file.Path;
import org.audiomaepp.harness.store.Store;
import picocli.CommandLine.Option;

/** The {@code --store DIR} option, the same on every command that reads or writes the result store. */
final class StoreOption {

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "results/store",
            description = "the result store; a sweep's manifest and report go to DIR/../sweeps/<name>/"
                    + " (default: ${DEFAULT-VALUE})")
    Path dir;

    /** The store at {@code --store}. */
    Store open() {
        return new Store(dir);
    }
}
