package org.audiomaepp.harness.sweep;

import java.util.Map;
import java.util.Optional;

/**
 * An extra check of a resolved run config, for rules owned elsewhere (e.g. the models module's
 * own config parser). Its problems are reported with the sweep's other problems, at the line the
 * run comes from, before anything runs.
 */
@FunctionalInterface
public interface RunCheck {

    /** What is wrong with this config (and how to fix it), or empty if nothing. */
    Optional<String> problem(Map<String, Object> config);
}
