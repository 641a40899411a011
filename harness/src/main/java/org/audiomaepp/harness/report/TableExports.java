package org.audiomaepp.harness.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.audiomaepp.harness.report.ReportModel.Cell;
import org.audiomaepp.harness.report.ReportModel.Column;
import org.audiomaepp.harness.report.ReportModel.GroupHeader;
import org.audiomaepp.harness.report.ReportModel.MainTable;
import org.audiomaepp.harness.report.ReportModel.Row;

/**
 * The main table as CSV and LaTeX, next to the HTML. Values are in points; a failed or missing cell
 * says so in words in both formats.
 */
public final class TableExports {
    private TableExports() {}

    /**
     * One line per row: {@code row, source, note}, then {@code <label>, <label> ci95} per task,
     * then {@code overall, overall ci95, printed overall, printed overall ci95}. A run's {@code overall ci95}
     * is half the width of its bootstrap interval, which need not be symmetric about the mean (the
     * bounds are in {@code summary.csv}'s note and in the other two formats).
     */
    public static void writeCsv(Path file, MainTable table) {
        StringWriter w = new StringWriter();
        List<String> header = new ArrayList<>(List.of("row", "source", "note"));
        for (Column c : table.columns()) {
            header.add(c.label());
            header.add(c.label() + " ci95");
        }
        header.addAll(List.of("overall", "overall ci95", "printed overall", "printed overall ci95"));
        try (CSVPrinter out = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build().print(w)) {
            for (Row r : rows(table)) {
                List<String> rec = new ArrayList<>(List.of(r.name(), r.kind(), r.note()));
                for (Cell c : r.cells()) {
                    addCell(rec, c);
                }
                addCell(rec, r.overall());
                addCell(rec, r.printedOverall());
                out.printRecord(rec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReportBuilder.writeAtomically(file, w.toString());
    }

    private static void addCell(List<String> rec, Cell c) {
        if (c.hasValue()) {
            rec.add(String.format(Locale.ROOT, "%.2f", c.mean()));
            rec.add(Double.isNaN(c.ci95()) ? "" : String.format(Locale.ROOT, "%.2f", c.ci95()));
        } else {
            rec.add(c.text().equals("–") ? "n/a" : c.text());
            rec.add("");
        }
    }

    private static List<Row> rows(MainTable table) {
        List<Row> rows = new ArrayList<>(table.runs());
        rows.addAll(table.published());
        return rows;
    }

    /** A {@code tabular} (booktabs) with group headings, mean ± ci, best values in bold. */
    public static String latex(MainTable table, String poolDescription) {
        int n = table.columns().size();
        boolean printed = !table.published().isEmpty();
        StringBuilder b = new StringBuilder();
        b.append("% Main table; requires \\usepackage{booktabs}.\n");
        b.append("% ").append(tex(poolDescription).replace("\n", " ")).append('\n');
        b.append("\\begin{tabular}{l").append("c".repeat(n)).append(printed ? "cc" : "c").append("}\n\\toprule\n");
        b.append(" ");
        int col = 2;
        StringBuilder rules = new StringBuilder();
        for (GroupHeader g : table.groups()) {
            b.append(" & \\multicolumn{").append(g.span()).append("}{c}{").append(tex(g.heading())).append('}');
            rules.append("\\cmidrule(lr){").append(col).append('-').append(col + g.span() - 1).append('}');
            col += g.span();
        }
        b.append(printed ? " & \\multicolumn{2}{c}{$s(m)$} \\\\\n" : " & $s(m)$ \\\\\n").append(rules).append('\n');
        b.append("Model");
        for (Column c : table.columns()) {
            b.append(" & ").append(tex(c.label()));
        }
        b.append(printed ? " & this pool & printed \\\\\n\\midrule\n" : " & this pool \\\\\n\\midrule\n");
        appendRows(b, table.runs(), printed);
        if (!table.published().isEmpty()) {
            b.append("\\midrule\n\\multicolumn{").append(n + 3).append("}{l}{\\emph{Published: ")
                    .append(tex(table.publishedSource())).append("}} \\\\\n");
            appendRows(b, table.published(), true);
        }
        b.append("\\bottomrule\n\\end{tabular}\n");
        return b.toString();
    }

    private static void appendRows(StringBuilder b, List<Row> rows, boolean printed) {
        for (Row r : rows) {
            b.append(tex(r.name()));
            for (Cell c : r.cells()) {
                b.append(" & ").append(texCell(c));
            }
            b.append(" & ").append(texCell(r.overall()));
            if (printed) {
                b.append(" & ").append(texCell(r.printedOverall()));
            }
            b.append(" \\\\\n");
        }
    }

    private static String texCell(Cell c) {
        if (!c.hasValue()) {
            return c.text().equals("–") ? "--" : "\\emph{" + c.text() + "}";
        }
        String mean = ReportModel.fmt(c.mean());
        String v = c.best() ? "\\textbf{" + mean + "}" : mean;
        if (c.hasBounds()) {
            return v + "\\,{\\scriptsize[" + ReportModel.fmt(c.low()) + ", " + ReportModel.fmt(c.high()) + "]}";
        }
        return Double.isNaN(c.ci95()) ? v : v + "\\,{\\scriptsize$\\pm$" + ReportModel.fmt(c.ci95()) + "}";
    }

    /** Escapes LaTeX's special characters so that names print as text. */
    static String tex(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> b.append('\\').append(ch);
                case '~' -> b.append("\\textasciitilde{}");
                case '^' -> b.append("\\textasciicircum{}");
                case '<' -> b.append("\\textless{}");
                case '>' -> b.append("\\textgreater{}");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
