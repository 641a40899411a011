/**
 * From the store to the report: collects a sweep's probe scores and provenance out of the result
 * store into the report's inputs ({@code scores.csv}, {@code runs.json}; see
 * {@link org.audiomaepp.harness.aggregate.SweepResults}).
 *
 * <p>Reading only: nothing here runs a job or changes the store, so a report can be made at any
 * time, also of a sweep that is half done (its cells are then marked failed or missing).
 */
package org.audiomaepp.harness.aggregate;
