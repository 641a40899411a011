/**
 * Sweep reports: the score table the sweep engine writes ({@link org.audiomaepp.harness.report.ScoreRow},
 * {@link org.audiomaepp.harness.report.RunProvenance}), aggregation over probe seeds, the normalized
 * overall score over a stated pool, and the rendered report ({@link org.audiomaepp.harness.report.ReportBuilder}).
 */
package org.audiomaepp.harness.report;
