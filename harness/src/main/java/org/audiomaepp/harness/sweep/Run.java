package org.audiomaepp.harness.sweep;

import java.util.Map;
import java.util.Optional;

/**
 * One expanded run of a sweep.
 *
 * @param name   unique within the sweep: derived from the varying axes ({@code rope=both}) unless
 *               the sweep file names it
 * @param axes   the values that make this run differ from its siblings, dotted key to value, in
 *               name order (what a report shows as the run's coordinates)
 * @param config the fully resolved config, section to key to value (model.decoder is a nested map),
 *               defaults and preset sizes filled in, integers as Long, reals as Double, words in
 *               lower case; unmodifiable
 */
public record Run(String name, Map<String, Object> axes, Map<String, Object> config) {

    /** {@link Canonical#sha256} of the config: equal configs, equal hashes. */
    public String configSha256() {
        return Canonical.sha256(config);
    }

    /** The value at a dotted path such as {@code model.decoder.width}, if the config has it. */
    public Optional<Object> value(String dottedPath) {
        Object node = config;
        for (String part : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return Optional.empty();
            }
            node = map.get(part);
        }
        return Optional.ofNullable(node);
    }
}
