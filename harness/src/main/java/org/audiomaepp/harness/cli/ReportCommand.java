package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.report.PoolChoice;
import org.audiomaepp.harness.report.ReportBuilder;
import org.audiomaepp.harness.report.ReportOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness report}: aggregate a sweep's scores and render its report. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Aggregate a sweep's per-seed scores (mean ± 95%% Student-t interval per run × task, normalized overall score)"
                    + " and write summary.csv, report.html (one offline file), main-table.csv and main-table.tex.",
            "Reads scores.csv and runs.json from the sweep's results directory.",
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SWEEP.yaml",
            description = "A sweep file: re-aggregate from what is in the store (needs the sweep engine; use --results for now).")
    Path sweep;

    @Option(names = "--results", paramLabel = "DIR",
            description = "A sweep results directory holding scores.csv (and runs.json), e.g. results/sweeps/NAME.")
    Path results;

    @Option(names = "--pool", paramLabel = "auto|paper|runs", defaultValue = "auto",
            description = "Pool of the normalized score: runs = this sweep's runs; paper = runs + the published rows of"
                    + " Table 2; auto (default) = paper when every task is one of the paper's HEAR tasks, else runs.")
    String pool;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the files here instead of into the results directory.")
    Path out;

    @Option(names = "--published", paramLabel = "CSV",
            description = "Published figures in the format of reports/reference/audiomaepp-table2.csv (default: the copy in the jar).")
    Path published;

    @Override
    public Integer call() {
        if (results == null) {
            if (sweep == null) {
                throw new BadInputException("give a results directory: harness report --results results/sweeps/NAME");
            }
            throw new BadInputException("reporting straight from " + sweep + " needs the sweep engine, which is not wired"
                    + " into this command yet; pass the sweep's results directory instead: harness report --results DIR");
        }
        PoolChoice choice = switch (pool.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> PoolChoice.AUTO;
            case "paper" -> PoolChoice.PAPER;
            case "runs" -> PoolChoice.RUNS;
            default -> throw new BadInputException("--pool must be auto, paper or runs, got '" + pool + "'");
        };
        ReportBuilder.ReportFiles files = ReportBuilder.build(results, new ReportOptions(choice, out, published));
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + files.html());
        w.println("      " + files.summary());
        w.println("      " + files.csv());
        w.println("      " + files.tex());
        w.flush();
        return ExitCodes.OK;
    }
}
