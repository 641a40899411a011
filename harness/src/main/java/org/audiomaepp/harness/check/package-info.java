/**
 * Regression gate: a sweep's summary compared with a committed baseline, exactly for CPU runs and
 * with a one-sided interval test for GPU runs ({@link org.audiomaepp.harness.check.RegressionCheck}).
 */
package org.audiomaepp.harness.check;
