/**
 * Helpers below every other module (models, tasks and harness depend on it; it depends on
 * nothing): atomic file replacement, tree deletion, the SplitMix64 seed mix.
 */
package org.audiomaepp.core;
