package org.audiomaepp.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.check.BaselineCsv;
import org.audiomaepp.harness.check.BaselineRow;
import org.audiomaepp.harness.check.CheckMode;
import org.audiomaepp.harness.check.RegressionCheck;
import org.audiomaepp.harness.report.ReportOptions;
import org.audiomaepp.harness.report.SummaryCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness check}: compare a sweep's summary with a committed baseline. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Compare a sweep's per run × task means (primary metric, and each run's overall score) with a committed"
                    + " baseline. Exits 1 and prints what moved on a regression.",
            "exact mode (CPU): every mean must match within --tolerance. statistical mode (GPU): a mean may not fall"
                    + " below the baseline by more than max(sqrt(ci_new² + ci_base²), --floor-points).",
            "A baseline row missing from the new results fails; new rows are reported.",
            "Given a sweep file, first collects its results from the store and writes its report (as `harness report"
                    + " SWEEP.yaml` does), then checks results/sweeps/NAME/summary.csv.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no regression (or --accept)",
            "1:a regression: a mean moved, or a baseline row has no result",
            "2:bad input: the sweep file, results, baseline or an option",
        })
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS",
            description = "A sweep file (SWEEP.yaml: its results are collected from --store first), a sweep results"
                    + " directory (holding summary.csv, written by `harness report`) or a summary.csv.")
    Path results;

    @Mixin
    StoreOption store;

    @Option(names = "--baseline", required = true, paramLabel = "CSV", description = "e.g. results/baselines/NAME.csv")
    Path baseline;

    @Option(names = "--accept", description = "Rewrite the baseline from the new results (atomically) instead of failing.")
    boolean accept;

    @Option(names = "--mode", paramLabel = "auto|exact|statistical", defaultValue = "auto",
            description = "auto (default): exact when every row, baseline and new, ran on a CPU; else statistical.")
    String mode;

    @Option(names = "--floor-points", paramLabel = "POINTS", defaultValue = "0.5",
            description = "Statistical mode: the smallest drop, in points, that counts as a regression (default ${DEFAULT-VALUE}).")
    double floorPoints;

    @Option(names = "--tolerance", paramLabel = "X", defaultValue = "1e-6",
            description = "Exact mode: largest difference of a stored value (a fraction, or s(m)) that counts as equal"
                    + " (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    public Integer call() {
        CheckMode m = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> CheckMode.AUTO;
            case "exact" -> CheckMode.EXACT;
            case "statistical" -> CheckMode.STATISTICAL;
            default -> throw new BadInputException("--mode must be auto, exact or statistical, got '" + mode + "'");
        };
        if (!(floorPoints >= 0) || !(tolerance >= 0)) {
            throw new BadInputException("--floor-points and --tolerance must be non-negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path summary = resolveSummary(out);
        List<BaselineRow> current = RegressionCheck.baselineRows(SummaryCsv.read(summary));
        if (accept && !Files.exists(baseline)) {
            BaselineCsv.write(baseline, current);
            out.printf("created baseline %s (%d rows) from %s%n", baseline, current.size(), summary);
            out.flush();
            return ExitCodes.OK;
        }
        List<BaselineRow> base = BaselineCsv.read(baseline);
        RegressionCheck.Result result = RegressionCheck.compare(base, current,
                new RegressionCheck.Options(m, tolerance, floorPoints));
        out.print(result.table());
        RegressionCheck.capabilityNote(result, base, current).ifPresent(out::println);
        if (accept) {
            BaselineCsv.write(baseline, current);
            out.printf("accepted: rewrote baseline %s (%d rows) from %s%n", baseline, current.size(), summary);
            out.flush();
            return ExitCodes.OK;
        }
        out.flush();
        return result.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private Path resolveSummary(PrintWriter out) {
        String name = results.getFileName() == null ? "" : results.getFileName().toString();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return SweepReport.write(SweepJobs.load(results), store.open(),
                    ReportOptions.defaults(), out).summary();
        }
        if (Files.isDirectory(results)) {
            Path s = results.resolve("summary.csv");
            if (!Files.exists(s)) {
                throw new BadInputException(results + " has no summary.csv; write it first with `harness report --results " + results + "`");
            }
            return s;
        }
        return results;
    }
}
