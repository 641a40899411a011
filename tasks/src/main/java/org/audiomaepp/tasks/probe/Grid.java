package org.audiomaepp.tasks.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.audiomaepp.tasks.BadInputException;

/** The probe grids a run can search over on split 0 before training every split. */
public enum Grid {
    /**
     * The grid of the MW-MAE / AudioMAE++ papers: one hidden layer of 1024, Xavier-normal, Adam at
     * 1e-4, dropout 0.1 or 0.25.
     */
    RESTRICTED("restricted"),
    /**
     * hear-eval-kit 2021's default grid: 1 or 2 hidden layers of 1024, dropout 0.1, learning rate
     * 3.2e-3, 1e-3, 3.2e-4 or 1e-4, Xavier uniform or normal (16 points in scikit-learn
     * {@code ParameterGrid} order), of which the first 8 after {@code random.shuffle} with Python's
     * generator seeded 42 (what {@code seed_everything(42)} leaves) are trained.
     */
    HEAR_FULL("hear-full");

    /** Points hear-eval-kit trains out of its 16 ({@code --grid-points 8}). */
    static final int HEAR_SAMPLED_POINTS = 8;
    /** The seed hear-eval-kit's deterministic mode gives Python's {@code random}. */
    static final int HEAR_SAMPLING_SEED = 42;
    private static final int HIDDEN_DIM = 1024;

    private final String cliName;

    Grid(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in sweep files. */
    public String cliName() {
        return cliName;
    }

    /** Parses {@code restricted} or {@code hear-full}. */
    public static Grid fromName(String name) {
        for (Grid g : values()) {
            if (g.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new BadInputException("unknown probe grid '" + name + "'; expected 'restricted' or 'hear-full'");
    }

    /** The grid points trained on split 0, in the order they are reported. */
    public List<GridPoint> points() {
        return switch (this) {
            case RESTRICTED -> List.of(
                    new GridPoint(1, HIDDEN_DIM, 0.1, 1e-4, GridPoint.Init.XAVIER_NORMAL),
                    new GridPoint(1, HIDDEN_DIM, 0.25, 1e-4, GridPoint.Init.XAVIER_NORMAL));
            case HEAR_FULL -> hearSample();
        };
    }

    /** All 16 points in {@code ParameterGrid} order: keys sorted, the last key varying fastest. */
    static List<GridPoint> hearAllPoints() {
        List<GridPoint> all = new ArrayList<>();
        for (int layers : new int[] {1, 2}) {
            for (GridPoint.Init init : new GridPoint.Init[] {GridPoint.Init.XAVIER_UNIFORM, GridPoint.Init.XAVIER_NORMAL}) {
                for (double lr : new double[] {3.2e-3, 1e-3, 3.2e-4, 1e-4}) {
                    all.add(new GridPoint(layers, HIDDEN_DIM, 0.1, lr, init));
                }
            }
        }
        return all;
    }

    private static List<GridPoint> hearSample() {
        List<GridPoint> all = hearAllPoints();
        new PythonRandom(HEAR_SAMPLING_SEED).shuffle(all);
        return List.copyOf(all.subList(0, HEAR_SAMPLED_POINTS));
    }
}
