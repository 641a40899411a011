/**
 * MLP probes on frozen scene embeddings (docs/protocol.md §3–5, §8): {@link org.audiomaepp.tasks.probe.Embeddings}
 * reads an embedding set against its HEAR task into {@link org.audiomaepp.tasks.probe.ProbeData},
 * {@link org.audiomaepp.tasks.probe.Prober} trains every seed (grid chosen on split 0, early
 * stopping, best-checkpoint test) with all seeds of a split batched into one model on the engine,
 * and {@link org.audiomaepp.tasks.probe.ProbeOutputs} writes scores, predictions and the
 * mean ± 95 % interval over seeds. {@link org.audiomaepp.tasks.probe.ProbeBenchmark} times batched
 * against sequential training.
 */
package org.audiomaepp.tasks.probe;
