package org.audiomaepp.harness.report;

import java.util.List;
import java.util.Locale;

/**
 * What a report shows, computed once and rendered three ways (HTML template, CSV, LaTeX). Numbers are
 * in points (percent, or s(m)); text formatting lives here so that every rendering agrees.
 *
 * @param title the sweep's name
 * @param description the sweep's description
 * @param poolDescription the sentence stating the normalized score's pool
 * @param paperNote the note on the paper's printed s(m) (empty when published rows are not in the pool)
 * @param main the main table
 * @param secondary non-primary metrics, one row per run × task × metric
 * @param ablations one view per sweep axis that takes more than one value
 * @param pretraining one view per pretrain job (runs sharing a job share it), then one per run without a curve
 * @param provenance one entry per run
 * @param notes other facts a reader needs (inputs, absent files)
 */
public record ReportModel(
        String title,
        String description,
        String poolDescription,
        String paperNote,
        MainTable main,
        List<SecondaryRow> secondary,
        List<Ablation> ablations,
        List<Pretraining> pretraining,
        List<Provenance> provenance,
        List<String> notes) {

    /** What a cell holds. */
    public enum State {
        /** A mean over probe seeds of this sweep. */
        RUN,
        /** A number printed in the paper. */
        PUBLISHED,
        /** The task (or the run) failed; the tooltip holds the message. */
        FAILED,
        /** No result: never run, still pending, or not in scores.csv. */
        MISSING,
        /** The value does not apply here (e.g. a printed s(m) for a run of this sweep). */
        NOT_APPLICABLE;
    }

    /**
     * One table cell.
     *
     * @param mean points, NaN unless {@link State#RUN} or {@link State#PUBLISHED}
     * @param ci95 half-width in points (NaN when undefined, e.g. one seed)
     * @param low lower bound of an interval that need not be symmetric (s(m)'s bootstrap), NaN for {@code mean ± ci95}
     * @param high upper bound of that interval, NaN for {@code mean ± ci95}
     * @param n number of seeds behind a run cell (0 when not a run cell)
     * @param tooltip where the number comes from, or why it is missing
     * @param best the best value of its column
     */
    public record Cell(State state, double mean, double ci95, double low, double high, int n, String tooltip, boolean best) {
        public static Cell of(State state, double mean, double ci95, int n, String tooltip) {
            return new Cell(state, mean, ci95, Double.NaN, Double.NaN, n, tooltip, false);
        }

        /** A run value with the interval [low, high] (NaN bounds: none); {@code ci95} is half its width. */
        public static Cell between(double mean, double low, double high, int n, String tooltip) {
            boolean none = Double.isNaN(low) || Double.isNaN(high);
            return new Cell(State.RUN, mean, none ? Double.NaN : (high - low) / 2, none ? Double.NaN : low,
                    none ? Double.NaN : high, n, tooltip, false);
        }

        public static Cell absent(State state, String tooltip) {
            return new Cell(state, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, tooltip, false);
        }

        public Cell markedBest() {
            return new Cell(state, mean, ci95, low, high, n, tooltip, true);
        }

        public boolean hasValue() {
            return (state == State.RUN || state == State.PUBLISHED) && !Double.isNaN(mean);
        }

        /** Whether the interval is given by its bounds rather than as {@code ± ci95}. */
        public boolean hasBounds() {
            return !Double.isNaN(low);
        }

        /** The interval's lower end in points (NaN without an interval). */
        public double lower() {
            return hasBounds() ? low : mean - ci95;
        }

        /** The interval's upper end in points (NaN without an interval). */
        public double upper() {
            return hasBounds() ? high : mean + ci95;
        }

        /** The main text: the mean with one decimal, or the state in words (never blank, never 0). */
        public String text() {
            return switch (state) {
                case RUN, PUBLISHED -> Double.isNaN(mean) ? "undefined" : fmt(mean);
                case FAILED -> "failed";
                case MISSING -> "missing";
                case NOT_APPLICABLE -> "–";
            };
        }

        /** The interval text, e.g. {@code ± 0.7} or {@code [40.0, 80.0]}; {@code n=1} when one seed gives no interval. */
        public String ciText() {
            if (!hasValue()) {
                return "";
            }
            if (hasBounds()) {
                return "[" + fmt(low) + ", " + fmt(high) + "]";
            }
            if (Double.isNaN(ci95)) {
                return state == State.RUN && n < 2 ? "n=" + n : "";
            }
            return "± " + fmt(ci95);
        }

        public String cssClass() {
            return state.name().toLowerCase(Locale.ROOT).replace('_', '-') + (best ? " best" : "");
        }
    }

    /** A task column: the task directory, its header label, its group. */
    public record Column(String task, String paperTask, String label, String title, String group) {}

    /** A group heading over consecutive columns. */
    public record GroupHeader(String heading, int span) {}

    /**
     * A row of the main table.
     *
     * @param name run or model name
     * @param kind {@code run}, {@code published} or {@code delta}
     * @param note under the name: what the run reproduces, or where a published row comes from
     * @param cells one per column
     * @param overall s(m) over the report's pool
     * @param printedOverall s(m) as printed in the paper
     */
    public record Row(String name, String kind, String note, List<Cell> cells, Cell overall, Cell printedOverall) {}

    /** A difference to the paper: run mean minus printed mean, in points. */
    public record Delta(double value, String tooltip) {
        public String text() {
            return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%+.1f", value);
        }
    }

    /** The differences of one run to the published model it reproduces. */
    public record DeltaRow(String run, String model, String how, List<Delta> cells, Delta overall) {}

    /** The main table in the paper's layout. */
    public record MainTable(
            List<GroupHeader> groups, List<Column> columns, List<Row> runs, List<DeltaRow> deltas,
            List<Row> published, String publishedSource) {}

    /** A secondary metric of a run on a task. */
    public record SecondaryRow(String run, String task, String metric, Cell cell) {}

    /** One sweep axis: each run's value on it, its overall and per-task scores, as a table and charts. */
    public record Ablation(
            String axis, List<String> otherAxes, List<Column> columns, List<AblationRow> rows,
            boolean hasPrinted, String overallSvg, List<String> taskSvgs) {}

    /**
     * One run in an ablation view; {@code printed} is the paper's overall score for the same setting
     * (Tables 3 and 4), on the paper's own pool, so it is shown for orientation, not as a difference.
     */
    public record AblationRow(String value, String run, String others, Cell overall, Cell printed, List<Cell> cells) {}

    /**
     * How the model of one or more runs was pretrained: its loss and learning-rate curves, or, where
     * there is no training log, where the model came from or why there is no curve.
     *
     * @param runs the runs this model serves
     * @param job the pretrain job id (empty when none)
     * @param text one line: steps and how the curve was cut down, or the origin of the model
     * @param svgs the charts (empty without a log)
     */
    public record Pretraining(List<String> runs, String job, String text, List<String> svgs) {}

    /** A key and its value, for provenance lists. */
    public record Entry(String key, String value) {}

    /** A task's outcome in a run. */
    public record TaskOutcome(String task, String state, String message) {}

    /** Everything recorded about how a run was produced. */
    public record Provenance(
            String run, boolean recorded, String device, String gitCommit, String command,
            List<Entry> axes, List<Entry> versions, List<Entry> wallTimes, List<Entry> jobKeys,
            String configJson, List<TaskOutcome> tasks) {}

    /** How the interval of s(m) is derived, for the report's footnote. */
    public String intervalMethod() {
        return OverallScores.METHOD;
    }

    static String fmt(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }
}
