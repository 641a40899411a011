package org.audiomaepp.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.audiomaepp.core.FileTrees;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.report.ReportModel.Ablation;
import org.audiomaepp.harness.report.ReportModel.AblationRow;
import org.audiomaepp.harness.report.ReportModel.Cell;
import org.audiomaepp.harness.report.ReportModel.Column;
import org.audiomaepp.harness.report.ReportModel.Delta;
import org.audiomaepp.harness.report.ReportModel.DeltaRow;
import org.audiomaepp.harness.report.ReportModel.Entry;
import org.audiomaepp.harness.report.ReportModel.GroupHeader;
import org.audiomaepp.harness.report.ReportModel.MainTable;
import org.audiomaepp.harness.report.ReportModel.Pretraining;
import org.audiomaepp.harness.report.ReportModel.Provenance;
import org.audiomaepp.harness.report.ReportModel.Row;
import org.audiomaepp.harness.report.ReportModel.SecondaryRow;
import org.audiomaepp.harness.report.ReportModel.State;
import org.audiomaepp.harness.report.ReportModel.TaskOutcome;

/**
 * Turns a sweep's results directory ({@code scores.csv}, and {@code runs.json} and
 * {@code pretraining.json} when the engine wrote them) into {@code summary.csv}, {@code report.html}, {@code main-table.csv} and {@code main-table.tex}.
 *
 * <p>The HTML comes from the FreeMarker template {@code report.ftlh} next to this class on the
 * classpath, with HTML auto-escaping on: every name and label from the inputs is shown as text.
 */
public final class ReportBuilder {
    /** The files a report consists of. */
    public record ReportFiles(Path summary, Path html, Path csv, Path tex) {}

    static final String TEMPLATE = "report.ftlh";

    private ReportBuilder() {}

    /**
     * Reads {@code scores.csv} (required), {@code runs.json} and {@code pretraining.json} (optional)
     * in the directory and writes the report.
     */
    public static ReportFiles build(Path resultsDir, ReportOptions options) {
        if (!Files.isDirectory(resultsDir)) {
            throw new BadInputException(resultsDir + " is not a directory; give a sweep results directory holding scores.csv");
        }
        List<ScoreRow> scores = ScoresCsv.read(resultsDir.resolve("scores.csv"));
        Path runsFile = resultsDir.resolve("runs.json");
        List<String> notes = new ArrayList<>();
        RunsJson.SweepRuns runs;
        if (Files.exists(runsFile)) {
            runs = RunsJson.read(runsFile);
        } else {
            runs = new RunsJson.SweepRuns(resultsDir.getFileName().toString(), "", List.of());
            notes.add("No runs.json in " + resultsDir + ": runs have no recorded provenance, and failed tasks cannot be told from missing ones.");
        }
        Path curvesFile = resultsDir.resolve(PretrainingJson.FILE);
        PretrainingJson.SweepCurves curves;
        if (Files.exists(curvesFile)) {
            curves = PretrainingJson.read(curvesFile);
        } else {
            curves = new PretrainingJson.SweepCurves(0, List.of());
            notes.add("No " + PretrainingJson.FILE + " in " + resultsDir + ": no pretraining curves (the sweep engine writes it"
                    + " from each pretrain job's train_log.csv; re-run `harness report SWEEP.yaml` to collect them).");
        }
        PublishedTable published = options.publishedTable() == null
                ? PublishedTable.load() : PublishedTable.load(options.publishedTable());
        Inputs in = new Inputs(scores, runs, published, curves);

        Path out = options.outputDir() == null ? resultsDir : options.outputDir();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        notes.add(0, "Scores: " + resultsDir.resolve("scores.csv") + " (" + scores.size() + " rows: run × task × seed × metric).");

        List<SummaryRow> cells = Aggregation.cells(scores, run -> in.devices.getOrDefault(run, ""));
        OverallScores.Result overall = OverallScores.compute(
                scores, cells, in.runNames, in.devices, Optional.of(published), options.pool());
        List<SummaryRow> summary = new ArrayList<>(cells);
        summary.addAll(overall.runs());

        ReportModel model = model(in, cells, overall, notes);
        ReportFiles files = new ReportFiles(out.resolve("summary.csv"), out.resolve("report.html"),
                out.resolve("main-table.csv"), out.resolve("main-table.tex"));
        SummaryCsv.write(files.summary(), summary);
        writeAtomically(files.html(), render(model));
        TableExports.writeCsv(files.csv(), model.main());
        writeAtomically(files.tex(), TableExports.latex(model.main(), model.poolDescription()));
        return files;
    }

    /** The inputs, with the run order and per-run lookups derived once. */
    private static final class Inputs {
        final List<ScoreRow> scores;
        final RunsJson.SweepRuns runs;
        final PublishedTable published;
        final PretrainingJson.SweepCurves curves;
        final List<String> runNames = new ArrayList<>();
        final Map<String, RunProvenance> provenance = new LinkedHashMap<>();
        final Map<String, String> devices = new LinkedHashMap<>();

        Inputs(List<ScoreRow> scores, RunsJson.SweepRuns runs, PublishedTable published, PretrainingJson.SweepCurves curves) {
            this.scores = scores;
            this.runs = runs;
            this.published = published;
            this.curves = curves;
            for (RunProvenance p : runs.runs()) {
                provenance.put(p.name(), p);
                devices.put(p.name(), p.device() == null ? "" : p.device());
            }
            Set<String> names = new LinkedHashSet<>(provenance.keySet());
            names.addAll(new TreeSet<>(scores.stream().map(ScoreRow::run).toList()));
            runNames.addAll(names);
        }
    }

    static ReportModel model(Inputs in, List<SummaryRow> cells, OverallScores.Result overall, List<String> notes) {
        boolean paperPool = overall.choice() == PoolChoice.PAPER;
        List<Column> columns = columns(in, cells);
        Map<String, SummaryRow> primary = new LinkedHashMap<>();
        for (SummaryRow c : cells) {
            if (c.primary()) {
                primary.put(c.run() + "\u0000" + c.task(), c);
            }
        }
        Map<String, SummaryRow> overallByRun = new LinkedHashMap<>();
        overall.runs().forEach(r -> overallByRun.put(r.run(), r));

        // Published rows (and what a run reproduces) only mean something on the paper's tasks.
        boolean showPublished = columns.stream().anyMatch(c -> PaperTask.real(c.task(), c.paperTask()).isPresent());
        List<Row> runRows = new ArrayList<>();
        for (String run : in.runNames) {
            RunProvenance p = in.provenance.get(run);
            List<Cell> rowCells = new ArrayList<>();
            for (Column col : columns) {
                rowCells.add(runCell(primary.get(run + "\u0000" + col.task()), p, col));
            }
            SummaryRow o = overallByRun.get(run);
            SeedBootstrap.Interval iv = overall.intervals().get(run);
            Cell oc = Double.isNaN(o.mean())
                    ? Cell.absent(State.MISSING, o.note())
                    : Cell.between(o.mean(), iv.low(), iv.high(), o.nSeeds(), "s(m) over this report's pool; "
                            + (iv.defined() ? "95 % interval: " + OverallScores.METHOD : "no interval: " + iv.reason()));
            String note = p == null || !showPublished ? "" : ReproducedModel.of(p, in.published)
                    .map(r -> "reproduces " + r.model() + " (" + r.how() + ")").orElse("");
            runRows.add(new Row(run, "run", note, rowCells, oc,
                    Cell.absent(State.NOT_APPLICABLE, "runs of this sweep have no printed score")));
        }

        List<Row> publishedRows = new ArrayList<>();
        if (showPublished) {
            for (PublishedTable.Model m : in.published.models()) {
                List<Cell> rowCells = new ArrayList<>();
                for (Column col : columns) {
                    Optional<PaperTask> t = PaperTask.real(col.task(), col.paperTask());
                    rowCells.add(t.map(pt -> {
                        PublishedTable.Score s = m.scores().get(pt);
                        return Cell.of(State.PUBLISHED, s.mean(), s.ci95(), 0, "printed in the paper: " + PublishedTable.SOURCE);
                    }).orElse(Cell.absent(State.NOT_APPLICABLE, "not a task of the paper")));
                }
                Double re = overall.published().get(m.name());
                Cell oc = re == null || re.isNaN()
                        ? Cell.absent(State.NOT_APPLICABLE, "published rows are not in this report's pool")
                        : Cell.of(State.PUBLISHED, re, Double.NaN, 0,
                                "recomputed by this report from the printed task scores, over this report's pool");
                Cell printed = Cell.of(State.PUBLISHED, m.overall().mean(), m.overall().ci95(), 0,
                        "printed in the paper: " + PublishedTable.SOURCE);
                publishedRows.add(new Row(m.name(), "published", m.group() + (m.pretrainingData().isEmpty() ? "" : ", " + m.pretrainingData()),
                        rowCells, oc, printed));
            }
        }
        markBest(runRows, publishedRows, columns.size());

        List<DeltaRow> deltas = new ArrayList<>();
        for (Row r : runRows) {
            RunProvenance p = in.provenance.get(r.name());
            if (p == null || !showPublished) {
                continue;
            }
            ReproducedModel.of(p, in.published).ifPresent(rep -> {
                PublishedTable.Model m = in.published.model(rep.model()).orElseThrow();
                List<Delta> ds = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    Cell c = r.cells().get(i);
                    Optional<PaperTask> t = PaperTask.real(columns.get(i).task(), columns.get(i).paperTask());
                    if (t.isPresent() && c.state() == State.RUN) {
                        PublishedTable.Score s = m.scores().get(t.get());
                        ds.add(new Delta(c.mean() - s.mean(), String.format(Locale.ROOT,
                                "run %.1f minus paper %.1f ± %.1f", c.mean(), s.mean(), s.ci95())));
                    } else {
                        ds.add(new Delta(Double.NaN, "no run value or no published value"));
                    }
                }
                Double re = overall.published().get(m.name());
                Delta od = paperPool && r.overall().state() == State.RUN && re != null
                        ? new Delta(r.overall().mean() - re, String.format(Locale.ROOT,
                                "s(m) of the run minus s(m) of %s, both over this report's pool", m.name()))
                        : new Delta(Double.NaN, "s(m) comparable only when the published rows are in the pool");
                deltas.add(new DeltaRow(r.name(), m.name(), rep.how(), ds, od));
            });
        }

        List<GroupHeader> groups = new ArrayList<>();
        for (Column c : columns) {
            if (!groups.isEmpty() && groups.get(groups.size() - 1).heading().equals(c.group())) {
                GroupHeader last = groups.remove(groups.size() - 1);
                groups.add(new GroupHeader(last.heading(), last.span() + 1));
            } else {
                groups.add(new GroupHeader(c.group(), 1));
            }
        }
        MainTable main = new MainTable(groups, columns, runRows, deltas, publishedRows,
                showPublished ? PublishedTable.SOURCE : "");

        List<SecondaryRow> secondary = cells.stream().filter(c -> !c.primary())
                .map(c -> new SecondaryRow(c.run(), c.task(), c.metric(), Cell.of(State.RUN, 100 * c.mean(), 100 * c.ci95(),
                        c.nSeeds(), "mean of " + c.nSeeds() + " seed(s), from scores.csv")))
                .toList();

        String paperNote = paperPool ? paperNote(in.published) : "";
        return new ReportModel(
                in.runs.sweep().isEmpty() ? "sweep" : in.runs.sweep(), in.runs.description(),
                overall.description(), paperNote, main, secondary,
                ablations(in, main), pretraining(in.curves), provenance(in), notes);
    }

    private static List<Column> columns(Inputs in, List<SummaryRow> cells) {
        Map<String, String> paperTask = new LinkedHashMap<>();
        Map<String, String> metric = new LinkedHashMap<>();
        for (SummaryRow c : cells) {
            if (c.primary()) {
                paperTask.putIfAbsent(c.task(), c.paperTask());
                metric.putIfAbsent(c.task(), c.metric());
            }
        }
        // Tasks that only failed have no rows in scores.csv; place them by their HEAR directory name.
        for (RunProvenance p : in.provenance.values()) {
            for (String task : p.tasks().keySet()) {
                paperTask.putIfAbsent(task, PaperTask.byDirectory(task).map(PaperTask::id).orElse(""));
            }
        }
        List<Column> columns = new ArrayList<>();
        for (PaperTask t : PaperTask.values()) {
            paperTask.forEach((task, pt) -> {
                if (pt.equals(t.id())) {
                    columns.add(new Column(task, pt, t.label(),
                            task + " (" + metric.getOrDefault(task, "primary metric") + ")", t.group().heading()));
                }
            });
        }
        new TreeSet<>(paperTask.keySet()).forEach(task -> {
            if (PaperTask.byId(paperTask.get(task)).isEmpty()) {
                columns.add(new Column(task, "", task, task + " (" + metric.getOrDefault(task, "primary metric") + ")",
                        PaperTask.Group.OTHER.heading()));
            }
        });
        return columns;
    }

    private static Cell runCell(SummaryRow cell, RunProvenance p, Column col) {
        RunProvenance.TaskStatus status = p == null ? null : p.tasks().get(col.task());
        if (status != null && status.state() == RunProvenance.TaskState.FAILED) {
            return Cell.absent(State.FAILED, status.message().isEmpty() ? "failed (no message recorded)" : status.message());
        }
        if (cell != null) {
            return Cell.of(State.RUN, 100 * cell.mean(), 100 * cell.ci95(), cell.nSeeds(),
                    "mean of " + cell.nSeeds() + " seed(s) of " + cell.metric() + ", from scores.csv");
        }
        if (status != null && !status.message().isEmpty()) {
            return Cell.absent(State.MISSING, status.message());
        }
        return Cell.absent(State.MISSING, status != null && status.state() == RunProvenance.TaskState.DONE
                ? "marked done in runs.json but no rows in scores.csv" : "no rows in scores.csv");
    }

    /** Marks the highest value per column over run and published rows (ties all marked). */
    private static void markBest(List<Row> runs, List<Row> published, int nColumns) {
        List<Row> all = new ArrayList<>(runs);
        all.addAll(published);
        double[] best = new double[nColumns + 2];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (Row r : all) {
            for (int i = 0; i < nColumns + 2; i++) {
                Cell c = cellAt(r, i, nColumns);
                if (c.hasValue()) {
                    best[i] = Math.max(best[i], c.mean());
                }
            }
        }
        for (List<Row> rows : List.of(runs, published)) {
            for (int k = 0; k < rows.size(); k++) {
                Row r = rows.get(k);
                List<Cell> cs = new ArrayList<>();
                for (int i = 0; i < nColumns; i++) {
                    cs.add(mark(r.cells().get(i), best[i]));
                }
                rows.set(k, new Row(r.name(), r.kind(), r.note(), cs,
                        mark(r.overall(), best[nColumns]), mark(r.printedOverall(), best[nColumns + 1])));
            }
        }
    }

    private static Cell cellAt(Row r, int i, int nColumns) {
        return i < nColumns ? r.cells().get(i) : i == nColumns ? r.overall() : r.printedOverall();
    }

    private static Cell mark(Cell c, double best) {
        return c.hasValue() && c.mean() == best ? c.markedBest() : c;
    }

    private static String paperNote(PublishedTable published) {
        List<String> tasks = java.util.Arrays.stream(PaperTask.values()).map(PaperTask::id).toList();
        List<Map<String, Double>> rows = new ArrayList<>();
        for (PublishedTable.Model m : published.models()) {
            Map<String, Double> x = new LinkedHashMap<>();
            m.scores().forEach((t, s) -> x.put(t.id(), s.mean()));
            rows.add(x);
        }
        NormalizedScore s = NormalizedScore.over(rows, tasks);
        double maxGap = 0;
        String worst = "";
        String naive = "";
        for (int i = 0; i < rows.size(); i++) {
            PublishedTable.Model m = published.models().get(i);
            double gap = Math.abs(s.score(rows.get(i)) - m.overall().mean());
            if (m.name().equals("HEAR-Naive")) {
                naive = String.format(Locale.ROOT, " HEAR-Naive gets %.1f instead of the printed %.1f;",
                        s.score(rows.get(i)), m.overall().mean());
            } else if (gap > maxGap) {
                maxGap = gap;
                worst = m.name();
            }
        }
        return String.format(Locale.ROOT,
                "The paper's printed s(m) are not reproduced exactly by this formula over its %d published rows:%s"
                        + " the other models differ by up to %.1f points (%s). The paper normalized over a larger,"
                        + " unpublished pool (protocol §7). Both columns are shown: \"s(m), this pool\" is recomputed"
                        + " here, \"s(m), printed\" is the paper's.",
                rows.size(), naive, maxGap, worst);
    }

    private static List<Ablation> ablations(Inputs in, MainTable main) {
        PublishedAblations ablations = PublishedAblations.load();
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (RunProvenance p : in.provenance.values()) {
            p.axes().forEach((k, v) -> values.computeIfAbsent(k, x -> new TreeSet<>()).add(String.valueOf(v)));
        }
        List<String> varying = values.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
        Map<String, Row> rowByRun = new LinkedHashMap<>();
        main.runs().forEach(r -> rowByRun.put(r.name(), r));
        List<Ablation> out = new ArrayList<>();
        for (String axis : varying) {
            List<String> others = varying.stream().filter(a -> !a.equals(axis)).toList();
            List<RunProvenance> runs = in.provenance.values().stream().filter(p -> p.axes().containsKey(axis))
                    .filter(p -> rowByRun.containsKey(p.name())).collect(Collectors.toCollection(ArrayList::new));
            boolean numeric = runs.stream().allMatch(p -> isNumber(String.valueOf(p.axes().get(axis))));
            runs.sort((a, b) -> {
                String va = String.valueOf(a.axes().get(axis));
                String vb = String.valueOf(b.axes().get(axis));
                int c = numeric ? Double.compare(Double.parseDouble(va), Double.parseDouble(vb)) : va.compareTo(vb);
                return c != 0 ? c : a.name().compareTo(b.name());
            });
            List<AblationRow> rows = new ArrayList<>();
            boolean hasPrinted = false;
            List<SvgCharts.Point> overallPoints = new ArrayList<>();
            List<List<SvgCharts.Point>> taskPoints = new ArrayList<>();
            main.columns().forEach(c -> taskPoints.add(new ArrayList<>()));
            for (RunProvenance p : runs) {
                Row r = rowByRun.get(p.name());
                String value = String.valueOf(p.axes().get(axis));
                String otherText = others.stream().filter(p.axes()::containsKey)
                        .map(o -> o + "=" + p.axes().get(o)).collect(Collectors.joining(", "));
                Optional<PublishedAblations.Published> pub = ablations.lookup(axis, value, p);
                hasPrinted |= pub.isPresent();
                Cell printed = pub.map(x -> Cell.of(State.PUBLISHED, x.score().mean(), x.score().ci95(), 0,
                                "printed in the paper (" + x.table() + ", over the paper's pool): " + PublishedAblations.SOURCE))
                        .orElse(Cell.absent(State.NOT_APPLICABLE, "no published ablation row for this setting"));
                rows.add(new AblationRow(value, p.name(), otherText, r.overall(), printed, r.cells()));
                String who = p.name() + (otherText.isEmpty() ? "" : " (" + otherText + ")");
                overallPoints.add(point(value, r.overall(), who));
                for (int i = 0; i < main.columns().size(); i++) {
                    taskPoints.get(i).add(point(value, r.cells().get(i), who));
                }
            }
            String overallSvg = SvgCharts.errorBars("s(m) against " + axis, "s(m)", overallPoints,
                    Math.max(360, 70 * overallPoints.size() + 80), 240);
            List<String> taskSvgs = new ArrayList<>();
            for (int i = 0; i < main.columns().size(); i++) {
                Column c = main.columns().get(i);
                taskSvgs.add(SvgCharts.errorBars(c.label(), "%", taskPoints.get(i),
                        Math.max(240, 50 * overallPoints.size() + 70), 180));
            }
            out.add(new Ablation(axis, others, main.columns(), rows, hasPrinted, overallSvg, taskSvgs));
        }
        return out;
    }

    private static SvgCharts.Point point(String value, Cell c, String who) {
        return new SvgCharts.Point(value, c.hasValue() ? c.mean() : Double.NaN, c.hasValue() ? c.lower() : Double.NaN,
                c.hasValue() ? c.upper() : Double.NaN,
                who + ": " + c.text() + (c.ciText().isEmpty() ? "" : " " + c.ciText()) + " — " + c.tooltip());
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** One view per pretrain job with a curve (its runs together), then one line per run without one. */
    static List<Pretraining> pretraining(PretrainingJson.SweepCurves curves) {
        Map<String, List<PretrainingJson.RunCurve>> byJob = new LinkedHashMap<>();
        List<Pretraining> without = new ArrayList<>();
        for (PretrainingJson.RunCurve c : curves.runs()) {
            if (c.points().isEmpty()) {
                String text = c.origin() != null
                        ? "Not pretrained here: the model comes from " + c.origin() + "."
                        : "No pretraining curve: " + (c.note().isEmpty() ? "no training log recorded" : c.note()) + ".";
                without.add(new Pretraining(List.of(c.run()), c.job(), text, List.of()));
            } else {
                byJob.computeIfAbsent(c.job().isEmpty() ? "\u0000" + c.run() : c.job(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Pretraining> out = new ArrayList<>();
        for (List<PretrainingJson.RunCurve> group : byJob.values()) {
            PretrainingJson.RunCurve c = group.get(0);
            List<String> runs = group.stream().map(PretrainingJson.RunCurve::run).toList();
            double[] steps = c.points().stream().mapToDouble(PretrainingJson.Point::step).toArray();
            double[] loss = c.points().stream().mapToDouble(PretrainingJson.Point::loss).toArray();
            double[] lr = c.points().stream().mapToDouble(PretrainingJson.Point::lr).toArray();
            PretrainingJson.Point last = c.points().get(c.points().size() - 1);
            String who = String.join(", ", runs);
            String text = String.format(Locale.ROOT, "%d optimizer steps, final loss %.4g.", c.steps(), last.loss())
                    + (c.points().size() < c.steps()
                            ? " Drawn from " + c.points().size() + " points: the loss is the mean over each bucket of"
                                    + " consecutive steps, the learning rate the value at its last step."
                            : " Every step drawn.");
            out.add(new Pretraining(runs, c.job(), text, List.of(
                    SvgCharts.line("Training loss — " + who, "step", "loss", steps, loss,
                            who + ": training loss per step (" + c.job() + ")", 420, 220),
                    SvgCharts.line("Learning rate — " + who, "step", "learning rate", steps, lr,
                            who + ": learning rate per step (" + c.job() + ")", 420, 220))));
        }
        out.addAll(without);
        return out;
    }

    private static List<Provenance> provenance(Inputs in) {
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
        List<Provenance> out = new ArrayList<>();
        for (String run : in.runNames) {
            RunProvenance p = in.provenance.get(run);
            if (p == null) {
                out.add(new Provenance(run, false, "", "", "", List.of(), List.of(), List.of(), List.of(), "", List.of(),
                        List.of()));
                continue;
            }
            String config;
            try {
                config = json.writeValueAsString(p.config());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.add(new Provenance(run, true, nz(p.device()), nz(p.gitCommit()), nz(p.command()),
                    entries(p.axes()), entries(p.versions()),
                    p.wallSeconds().entrySet().stream().map(e -> new Entry(e.getKey(), seconds(e.getValue()))).toList(),
                    p.jobKeys().entrySet().stream().map(e -> new Entry(e.getKey(), String.join(" ", e.getValue()))).toList(),
                    config,
                    p.tasks().entrySet().stream().map(e -> new TaskOutcome(e.getKey(),
                            e.getValue().state().name().toLowerCase(Locale.ROOT), e.getValue().message())).toList(),
                    entries(p.checkpoint())));
        }
        return out;
    }

    private static List<Entry> entries(Map<String, ?> map) {
        return map.entrySet().stream().map(e -> new Entry(e.getKey(), String.valueOf(e.getValue()))).toList();
    }

    private static String seconds(Double s) {
        if (s == null || s.isNaN()) {
            return "not recorded";
        }
        return s < 120 ? String.format(Locale.ROOT, "%.1f s", s)
                : String.format(Locale.ROOT, "%.1f min (%.0f s)", s / 60, s);
    }

    private static String nz(String s) {
        return s == null || s.isEmpty() ? "not recorded" : s;
    }

    static String render(ReportModel model) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_33);
        cfg.setClassForTemplateLoading(ReportBuilder.class, "");
        cfg.setDefaultEncoding("UTF-8");
        cfg.setLocale(Locale.ROOT);
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        try {
            Template t = cfg.getTemplate(TEMPLATE);
            StringWriter w = new StringWriter();
            t.process(Map.of("r", model), w);
            return w.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("cannot render " + TEMPLATE + ": " + e.getMessage(), e);
        }
    }

    /** {@link FileTrees#writeAtomically(Path, String)}, failing unchecked: a reader never sees half a file. */
    static void writeAtomically(Path file, String text) {
        try {
            FileTrees.writeAtomically(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
