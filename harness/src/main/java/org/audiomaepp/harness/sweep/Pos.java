package org.audiomaepp.harness.sweep;

import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;

/** A place in a sweep file, 1-based like editors count. */
record Pos(int line, int column) {

    static final Pos START = new Pos(1, 1);

    static Pos of(Optional<Mark> mark) {
        return mark.map(m -> new Pos(m.getLine() + 1, m.getColumn() + 1)).orElse(START);
    }
}
