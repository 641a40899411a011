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
import picocli.CommandLine.Mixin;
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
            "From a sweep file: collects the scores and provenance from the store into results/sweeps/NAME/"
                    + " (scores.csv, runs.json; nothing is run, cells of jobs not done are marked failed or missing)"
                    + " and reports there. From --results DIR: reads scores.csv and runs.json in DIR.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the report was written (also when some cells are failed or missing)",
            "2:bad input: the sweep file, the results directory or an option",
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SWEEP.yaml",
            description = "A sweep file: re-aggregate its results from the store (as `harness run` does at its end).")
    Path sweep;

    @Mixin
    StoreOption store;

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
        if ((results == null) == (sweep == null)) {
            throw new BadInputException("give either a sweep file (harness report sweeps/NAME.yaml) or a results"
                    + " directory (harness report --results results/sweeps/NAME), not " + (sweep == null ? "neither" : "both"));
        }
        PoolChoice choice = switch (pool.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> PoolChoice.AUTO;
            case "paper" -> PoolChoice.PAPER;
            case "runs" -> PoolChoice.RUNS;
            default -> throw new BadInputException("--pool must be auto, paper or runs, got '" + pool + "'");
        };
        ReportOptions options = new ReportOptions(choice, out, published);
        PrintWriter w = spec.commandLine().getOut();
        ReportBuilder.ReportFiles files = sweep != null
                ? SweepReport.write(SweepJobs.load(sweep), store.open(), options, w)
                : ReportBuilder.build(results, options);
        w.println("wrote " + files.html());
        w.println("      " + files.summary());
        w.println("      " + files.csv());
        w.println("      " + files.tex());
        w.flush();
        return ExitCodes.OK;
    }
}
