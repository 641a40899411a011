/**
 * Synthetic HEAR-format tasks and an unlabeled pretraining corpus ({@link org.audiomaepp.tasks.synth.SynthTasks}):
 * ten small tasks shaped like the paper's ten, whose labels are real signal differences, so that CI can
 * run the whole pipeline on CPU and an encoder that learned something beats a random one.
 */
package org.audiomaepp.tasks.synth;
