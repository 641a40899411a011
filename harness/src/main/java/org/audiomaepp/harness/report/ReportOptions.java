package org.audiomaepp.harness.report;

import java.nio.file.Path;

/**
 * How to build a report.
 *
 * @param pool the pool of the normalized score
 * @param outputDir where to write; {@code null} means the results directory itself
 * @param publishedTable a CSV in the format of {@code reports/reference/audiomaepp-table2.csv};
 *     {@code null} means the copy inside the harness jar
 */
public record ReportOptions(PoolChoice pool, Path outputDir, Path publishedTable) {
    public ReportOptions {
        pool = pool == null ? PoolChoice.AUTO : pool;
    }

    public static ReportOptions defaults() {
        return new ReportOptions(PoolChoice.AUTO, null, null);
    }

    public ReportOptions withPool(PoolChoice choice) {
        return new ReportOptions(choice, outputDir, publishedTable);
    }

    public ReportOptions withOutputDir(Path dir) {
        return new ReportOptions(pool, dir, publishedTable);
    }
}
