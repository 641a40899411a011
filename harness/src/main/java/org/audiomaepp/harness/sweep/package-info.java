/**
 * Sweep files: YAML 1.2 in, validated runs out.
 *
 * <p>{@link org.audiomaepp.harness.sweep.SweepLoader#load(java.nio.file.Path, java.util.Map)} is
 * the entry point: it parses a sweep file keeping every value's line and column, substitutes
 * {@code ${VAR}}, checks keys and values against the one {@link org.audiomaepp.harness.sweep.Schema}
 * table and the cross-key rules, and expands grid x zip - exclude + include into a
 * {@link org.audiomaepp.harness.sweep.Sweep} of {@link org.audiomaepp.harness.sweep.Run}s with fully
 * resolved configs. Problems are collected and thrown together as a
 * {@link org.audiomaepp.harness.sweep.SweepFileException} before anything runs.
 *
 * <p>{@link org.audiomaepp.harness.sweep.Canonical} gives a config's canonical JSON and SHA-256 (the
 * result store's identity of a config); {@link org.audiomaepp.harness.sweep.Manifest} writes
 * {@code results/sweeps/<name>/manifest.json}. The file format is documented in
 * {@code sweeps/README.md}.
 */
package org.audiomaepp.harness.sweep;
