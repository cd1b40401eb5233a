package org.rookery.policy.wrr;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.rookery.policy.wrr.WeightedRoundRobinPolicyTest.bigWeights;
import static org.rookery.policy.wrr.WeightedRoundRobinPolicyTest.picks;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class ScheduleSelectorTest {

    private final WeightedRoundRobinPolicy policy = new WeightedRoundRobinPolicy();
    private final FlowKey key = Flows.random(1, 1)[0];

    @Test
    void scheduleIsOnePeriodDividedByTheGcdAndMatchesTheLiveAlgorithm() {
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 30; trial++) {
            int k = 1 + r.nextInt(10);
            int[] w = new int[k];
            int g = 1 + r.nextInt(3);
            int total = 0;
            for (int i = 0; i < k; i++) {
                w[i] = g * (1 + r.nextInt(50));
                total += w[i];
            }
            TestMembers m = new TestMembers(w);
            PoolSelector s = policy.newSelector(m, Map.of());
            ScheduleSelector sched = assertInstanceOf(ScheduleSelector.class, s);
            assertEquals(0, total % sched.period());
            int[] index = new int[k];
            for (int i = 0; i < k; i++) {
                index[i] = i;
            }
            // the live algorithm over three full periods: proves the period and the precomputation
            LockedSmoothSelector live = new LockedSmoothSelector(m, index, w.clone());
            assertArrayEquals(picks(live, key, 3 * total), picks(s, key, 3 * total));
        }
    }

    @Test
    void largeWeightsUseTheLockedSelectorWithTheSameShares() {
        // weights summing past 2^20 with gcd 1: too long a schedule to precompute
        TestMembers big = new TestMembers(bigWeights());
        PoolSelector s = policy.newSelector(big, Map.of());
        assertInstanceOf(LockedSmoothSelector.class, s);
        int total = 0;
        for (int w : big.weights) {
            total += w;
        }
        int[] c = new int[big.size()];
        for (int i = 0; i < total; i++) {
            c[s.select(key)]++;
        }
        // one whole period: smooth WRR is exact over a period
        assertArrayEquals(big.weights, c);
    }
}
