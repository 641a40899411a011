package org.audiomaepp.tasks.probe;

import java.util.Map;
import org.audiomaepp.tasks.metrics.Metric;
import org.audiomaepp.tasks.metrics.Score;

/**
 * What training one {@link Member} produced, taken at its best validation checkpoint:
 * {@code bestEpoch} is the 0-based epoch after which that validation ran (as Lightning's
 * checkpoint {@code epoch}), {@code epochsTrained} how many epochs ran before early stopping or
 * the epoch limit, {@code testProbs} the test predictions of that checkpoint and
 * {@code wallSeconds} this member's share of the batch's wall time.
 */
record MemberFit(
        Member member,
        int bestEpoch,
        int epochsTrained,
        Map<Metric, Score> validScores,
        Map<Metric, Score> testScores,
        float[][] testProbs,
        double wallSeconds) {

    double validPrimary(Metric primary) {
        return validScores.get(primary).value();
    }
}
