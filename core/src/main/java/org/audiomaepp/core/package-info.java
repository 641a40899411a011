/**
 * Helpers below every other module (models, tasks and harness depend on it; it depends only on
 * DJL's array API): atomic file replacement, tree deletion, the SplitMix64 seed mix, and the Adam
 * update that pretraining's AdamW and the probe's Adam share.
 */
package org.audiomaepp.core;
