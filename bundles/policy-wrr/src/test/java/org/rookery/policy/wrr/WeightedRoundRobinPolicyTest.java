package org.rookery.policy.wrr;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class WeightedRoundRobinPolicyTest {

    private final WeightedRoundRobinPolicy policy = new WeightedRoundRobinPolicy();
    private final FlowKey key = Flows.random(1, 1)[0];

    static int[] picks(PoolSelector s, FlowKey key, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = s.select(key);
        }
        return p;
    }

    @Test
    void registersUnderItsName() {
        assertEquals("wrr", policy.name());
    }

    @Test
    void interleavesLikeNginx() {
        // nginx's documented example: weights 5,1,1 give a,a,b,a,c,a,a (ip_vs_wrr.c gives a,a,a,a,a,b,c)
        PoolSelector s = policy.newSelector(new TestMembers(5, 1, 1), Map.of());
        assertArrayEquals(new int[] {0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0}, picks(s, key, 14));
    }

    @Test
    void heavyNodeNeverBurstsItsWholeShare() {
        // 5,1,1: the longest run of the heavy node, across period boundaries too, is 4 (2 at the end of a
        // period joined to 2 at the start); ip_vs_wrr.c would run it 5 times in a row
        PoolSelector s = policy.newSelector(new TestMembers(5, 1, 1), Map.of());
        int run = 0;
        int longest = 0;
        for (int p : picks(s, key, 700)) {
            run = p == 0 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertEquals(4, longest);
    }

    @Test
    void everyPrefixStaysCloseToTheWeights() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int k = 2 + r.nextInt(7);
            int[] w = new int[k];
            long total = 0;
            for (int i = 0; i < k; i++) {
                w[i] = 1 + r.nextInt(trial % 2 == 0 ? 10 : 500);
                total += w[i];
            }
            PoolSelector s = policy.newSelector(new TestMembers(w), Map.of());
            long[] c = new long[k];
            for (long t = 1; t <= 2 * total; t++) {
                c[s.select(key)]++;
                for (int i = 0; i < k; i++) {
                    // smooth WRR keeps each count within about one pick of its ideal at every step
                    double ideal = (double) t * w[i] / total;
                    assertTrue(Math.abs(c[i] - ideal) < 1.5, "weights " + Arrays.toString(w) + " step " + t);
                }
            }
        }
    }

    /** 20 weights summing past 2^20 with gcd 1. */
    static int[] bigWeights() {
        int[] w = new int[20];
        for (int i = 0; i < w.length; i++) {
            w[i] = 60_000 + i; // sum 1,200,190 > 2^20, gcd 1
        }
        return w;
    }

    @Test
    void distributionMatchesWeights() {
        TestMembers m = new TestMembers(1, 2, 3, 4);
        // 100k picks are 10k whole periods of 10: the shares are exact, so the tolerance is 0
        int[] c = Flows.counts(policy.newSelector(m, Map.of()), Flows.random(100_000, 6), 4);
        assertArrayEquals(new int[] {10_000, 20_000, 30_000, 40_000}, c);
    }

    @Test
    void concurrentCallersShareExactlyByWeight() throws InterruptedException {
        PoolSelector s = policy.newSelector(new TestMembers(5, 1, 1), Map.of());
        AtomicLongArray c = new AtomicLongArray(3);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                FlowKey k = new FlowKey().setV4(6, 1, 2, 3, 4);
                long[] local = new long[3];
                for (int i = 0; i < 70_000; i++) {
                    local[s.select(k)]++;
                }
                for (int i = 0; i < 3; i++) {
                    c.addAndGet(i, local[i]);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        // 280k picks are 40k whole periods of 7, handed out by one atomic position
        assertEquals(200_000, c.get(0));
        assertEquals(40_000, c.get(1));
        assertEquals(40_000, c.get(2));
    }

    @Test
    void skipsUnusableMembers() {
        TestMembers m = new TestMembers(3, 2, 1);
        m.usable[1] = false;
        PoolSelector s = policy.newSelector(m, Map.of());
        // usable weights 3 and 1: period 4
        assertArrayEquals(new int[] {0, 0, 2, 0, 0, 0, 2, 0}, picks(s, key, 8));
        m.usable[2] = false; // turned unusable before the rebuild
        for (int p : picks(s, key, 50)) {
            assertEquals(0, p);
        }
        LockedSmoothSelector live = new LockedSmoothSelector(m, new int[] {0, 1, 2}, new int[] {3, 2, 1});
        for (int p : picks(live, key, 50)) {
            assertEquals(0, p);
        }
    }

    @Test
    void noUsableMemberGivesNoNode() {
        TestMembers m = new TestMembers(1, 1, 0);
        m.usable[0] = m.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(m, Map.of()).select(key));
        TestMembers live = new TestMembers(2, 1);
        PoolSelector s = policy.newSelector(live, Map.of());
        live.usable[0] = live.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, s.select(key));
        PoolSelector locked = new LockedSmoothSelector(live, new int[] {0, 1}, new int[] {2, 1});
        assertEquals(PoolSelector.NO_NODE, locked.select(key));
    }

    @Test
    void selectDoesNotAllocate() {
        TestMembers m = new TestMembers(5, 1, 1, 7, 3);
        long bytes = Flows.allocatedBySelect(policy.newSelector(m, Map.of()));
        assertTrue(bytes < 16 * 1024, "schedule: 200k selects allocated " + bytes + " bytes");
        bytes = Flows.allocatedBySelect(policy.newSelector(new TestMembers(bigWeights()), Map.of()));
        assertTrue(bytes < 16 * 1024, "locked: 200k selects allocated " + bytes + " bytes");
    }
}
