package org.audiomaepp.harness.report;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts for the report: means with 95 % error bars against categorical x values,
 * and line charts of a pretraining curve.
 * Written by hand so that the report stays one offline file; every text is XML-escaped here because
 * the template inserts the SVG verbatim.
 */
public final class SvgCharts {
    /** One point: its x label, its mean and interval in points (NaN = absent), its tooltip. */
    public record Point(String label, double mean, double low, double high, String tooltip) {}

    private SvgCharts() {}

    /** A point-and-error-bar chart, {@code width} × {@code height} pixels. */
    public static String errorBars(String title, String yLabel, List<Point> points, int width, int height) {
        Frame f = new Frame(width, height, 48, 12, 24, 40);
        int left = f.left();
        int top = f.top();
        double plotW = f.plotW();
        double plotH = f.plotH();

        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            if (!Double.isNaN(p.mean())) {
                lo = Math.min(lo, Double.isNaN(p.low()) ? p.mean() : p.low());
                hi = Math.max(hi, Double.isNaN(p.high()) ? p.mean() : p.high());
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0;
            hi = 100;
        }
        double pad = Math.max(0.5, 0.1 * (hi - lo));
        lo = Math.floor(lo - pad);
        hi = Math.ceil(hi + pad);
        final double yLo = lo;
        final double yHi = hi;
        java.util.function.DoubleUnaryOperator y = v -> top + plotH * (1 - (v - yLo) / (yHi - yLo));

        StringBuilder s = open("chart", title, width, height, left);
        yAxis(s, f, yLabel, yLo, yHi, 5, y);
        int n = points.size();
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            double px = left + plotW * (i + 0.5) / n;
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                    px, top + plotH + 14, escape(shorten(p.label()))));
            if (Double.isNaN(p.mean())) {
                s.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" class=\"absent\" text-anchor=\"middle\"><title>%s</title>no value</text>",
                        px, top + plotH / 2, escape(p.tooltip())));
                continue;
            }
            s.append("<g class=\"point\"><title>").append(escape(p.tooltip())).append("</title>");
            if (!Double.isNaN(p.low()) && !Double.isNaN(p.high())) {
                double y1 = y.applyAsDouble(p.low());
                double y2 = y.applyAsDouble(p.high());
                s.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"bar\"/>"
                                + "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"bar\"/>"
                                + "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"bar\"/>",
                        px, px, y1, y2, px - 5, px + 5, y1, y1, px - 5, px + 5, y2, y2));
            }
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/></g>", px, y.applyAsDouble(p.mean())));
        }
        return close(s, f);
    }

    /**
     * A line chart of one series, {@code width} × {@code height} pixels: {@code ys} against
     * {@code xs} (same length, xs ascending) as one path; non-finite values break nothing, they are
     * left out.
     */
    public static String line(String title, String xLabel, String yLabel, double[] xs, double[] ys, String tooltip,
            int width, int height) {
        Frame f = new Frame(width, height, 56, 12, 24, 36);
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                xLo = Math.min(xLo, xs[i]);
                xHi = Math.max(xHi, xs[i]);
                yLo = Math.min(yLo, ys[i]);
                yHi = Math.max(yHi, ys[i]);
            }
        }
        if (xLo == Double.POSITIVE_INFINITY) {
            xLo = 0;
            xHi = 1;
            yLo = 0;
            yHi = 1;
        }
        if (xHi <= xLo) {
            xHi = xLo + 1;
        }
        double yPad = yHi > yLo ? 0.05 * (yHi - yLo) : Math.max(Math.abs(yHi) * 0.05, 1e-12);
        yLo -= yPad;
        yHi += yPad;
        final double x0 = xLo;
        final double x1 = xHi;
        final double y0 = yLo;
        final double y1 = yHi;
        java.util.function.DoubleUnaryOperator px = v -> f.left() + f.plotW() * (v - x0) / (x1 - x0);
        java.util.function.DoubleUnaryOperator py = v -> f.top() + f.plotH() * (1 - (v - y0) / (y1 - y0));

        StringBuilder s = open("chart curve", title, width, height, f.left());
        yAxis(s, f, yLabel, y0, y1, 4, py);
        double xStep = niceStep((x1 - x0) / 5);
        for (double v = Math.ceil(x0 / xStep) * xStep; v <= x1 + xStep * 1e-6; v += xStep) {
            double x = px.applyAsDouble(v);
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                    x, f.top() + f.plotH() + 13, tick(v, xStep)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis-label\" text-anchor=\"middle\">%s</text>",
                f.left() + f.plotW() / 2, height - 4, escape(xLabel)));
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                d.append(d.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                        px.applyAsDouble(xs[i]), py.applyAsDouble(ys[i])));
            }
        }
        if (d.length() > 0) {
            s.append("<path class=\"series\" d=\"").append(d).append("\"><title>").append(escape(tooltip))
                    .append("</title></path>");
        }
        return close(s, f);
    }

    /** A chart's size, margins and plot area in pixels. */
    private record Frame(int width, int height, int left, int right, int top, int bottom) {
        double plotW() {
            return width - left - right;
        }

        double plotH() {
            return height - top - bottom;
        }
    }

    /** The opening tag, the tooltip title and the visible title of a chart. */
    private static StringBuilder open(String cssClass, String title, int width, int height, int left) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
                cssClass, width, height, width, height));
        s.append("<title>").append(escape(title)).append("</title>");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"15\" class=\"chart-title\">%s</text>", left, escape(title)));
        return s;
    }

    /** Horizontal grid lines with tick labels at a nice step (about {@code divisions} of them), and the y label. */
    private static void yAxis(StringBuilder s, Frame f, String yLabel, double lo, double hi, int divisions,
            java.util.function.DoubleUnaryOperator y) {
        int left = f.left();
        double plotW = f.plotW();
        double step = niceStep((hi - lo) / divisions);
        for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-6; v += step) {
            double py = y.applyAsDouble(v);
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/><text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
                    left, left + plotW, py, py, left - 4, py + 3, tick(v, step)));
        }
        s.append(String.format(Locale.ROOT,
                "<text transform=\"translate(11,%.1f) rotate(-90)\" class=\"axis-label\" text-anchor=\"middle\">%s</text>",
                f.top() + f.plotH() / 2, escape(yLabel)));
    }

    /** The two axis lines and the closing tag. */
    private static String close(StringBuilder s, Frame f) {
        int left = f.left();
        double top = f.top();
        double plotW = f.plotW();
        double plotH = f.plotH();
        s.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"axis\"/><line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>",
                left, left, top, top + plotH, left, left + plotW, top + plotH, top + plotH));
        s.append("</svg>");
        return s.toString();
    }

    /** Escapes text for XML content and attribute values. */
    public static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String shorten(String label) {
        return label.length() <= 14 ? label : label.substring(0, 13) + "…";
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    }

    /** A tick label with as many decimals as the step needs; scientific for small steps (learning rates). */
    private static String tick(double v, double step) {
        if (Math.abs(v) < step * 1e-6) {
            return "0";
        }
        if (step >= 1) {
            return String.valueOf((long) Math.rint(v));
        }
        if (step >= 0.01) {
            int decimals = (int) Math.ceil(-Math.log10(step) - 1e-9);
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        return String.format(Locale.ROOT, "%.1e", v);
    }
}
