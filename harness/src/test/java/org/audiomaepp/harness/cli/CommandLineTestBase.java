package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code harness} commands in-process with their standard output and error captured. */
abstract class CommandLineTestBase {

    /** What the commands run so far printed on standard output. */
    protected final StringWriter out = new StringWriter();
    /** What they printed on standard error. */
    protected final StringWriter err = new StringWriter();

    /** Runs {@code harness ARGS...} and returns its exit code. */
    protected int run(String... args) {
        CommandLine cl = HarnessCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }
}
