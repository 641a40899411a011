package org.audiomaepp.tasks.probe;


import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GridTest {

    @Test
    void pythonShuffleMatchesCPython() {
        // CPython 3.11: random.seed(42); x = list(range(16)); random.shuffle(x)
        List<Integer> x = new ArrayList<>(IntStream.range(0, 16).boxed().toList());
        new PythonRandom(42).shuffle(x);
        assertEquals(List.of(7, 9, 5, 6, 14, 10, 12, 8, 1, 2, 13, 15, 4, 11, 0, 3), x);
        // CPython: random.seed(0); [random.getrandbits(32) for _ in range(3)]
        PythonRandom r = new PythonRandom(0);
        assertEquals(List.of(3626764237L, 1654615998L, 3255389356L), List.of(r.nextUint32(), r.nextUint32(), r.nextUint32()));
    }

    @Test
    void hearFullGridSamplesEightOfSixteenPointsLikeHearEvalKit() {
        List<GridPoint> all = Grid.hearAllPoints();
        assertEquals(16, all.size());
        // ParameterGrid order: hidden_layers, initialization, lr (last fastest)
        assertEquals(new GridPoint(1, 1024, 0.1, 3.2e-3, GridPoint.Init.XAVIER_UNIFORM), all.get(0));
        assertEquals(new GridPoint(2, 1024, 0.1, 1e-4, GridPoint.Init.XAVIER_NORMAL), all.get(15));
        List<GridPoint> sampled = Grid.HEAR_FULL.points();
        List<GridPoint> expected = IntStream.of(7, 9, 5, 6, 14, 10, 12, 8).mapToObj(all::get).toList();
        assertEquals(expected, sampled);
    }

    @Test
    void restrictedGridVariesOnlyDropout() {
        List<GridPoint> points = Grid.RESTRICTED.points();
        assertEquals(List.of(0.1, 0.25), points.stream().map(GridPoint::dropout).toList());
        points.forEach(p -> assertEquals(1e-4, p.learningRate()));
        assertEquals("h1-d1024-p0.25-lr0.0001-xavier_normal", points.get(1).name());
    }
}
