package org.rookery.bench;

import java.util.SplittableRandom;

import org.rookery.policy.testkit.TestMembers;

/** Pools for the policy benchmarks: the tests' array-backed pool, with steady random counts and loads. */
final class BenchMembers {

    private BenchMembers() {
    }

    /** {@code n} usable members of weight 1 + i % 3, counts and loads drawn from the seed. */
    static TestMembers of(int n, long seed) {
        int[] weights = new int[n];
        for (int i = 0; i < n; i++) {
            weights[i] = 1 + i % 3;
        }
        TestMembers m = new TestMembers(weights);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            m.active[i] = r.nextInt(1000);
            m.inactive[i] = r.nextInt(100);
            m.loads[i] = r.nextDouble();
        }
        return m;
    }
}
