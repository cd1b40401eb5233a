package org.rookery.policy.rr;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class RoundRobinPolicyTest {

    private final RoundRobinPolicy policy = new RoundRobinPolicy();
    private final FlowKey key = Flows.random(1, 1)[0];

    @Test
    void registersUnderItsName() {
        assertEquals("rr", policy.name());
    }

    @Test
    void cyclesThroughUsableMembersInOrder() {
        TestMembers m = TestMembers.equal(3, 1);
        PoolSelector s = policy.newSelector(m, Map.of());
        int[] picks = new int[7];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = s.select(key);
        }
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, picks);
    }

    @Test
    void sharesAreExactlyEqualWhenMembersAreDown() {
        // the member after a run of down members must not take the run's turns
        TestMembers m = TestMembers.equal(6, 1);
        m.usable[1] = false;
        m.usable[2] = false;
        m.usable[3] = false;
        PoolSelector s = policy.newSelector(m, Map.of());
        // 100k flows over 3 usable members: round robin is exact, so the tolerance is one flow
        int[] c = Flows.counts(s, Flows.random(100_000, 2), 6);
        assertEquals(0, c[1] + c[2] + c[3]);
        for (int i : new int[] {0, 4, 5}) {
            assertTrue(Math.abs(c[i] - 100_000 / 3) <= 1, "member " + i + " got " + c[i]);
        }
    }

    @Test
    void concurrentCallersStillShareExactly() throws InterruptedException {
        TestMembers m = TestMembers.equal(5, 1);
        PoolSelector s = policy.newSelector(m, Map.of());
        ConcurrentLinkedQueue<int[]> results = new ConcurrentLinkedQueue<>();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                int[] c = new int[5];
                FlowKey k = new FlowKey().setV4(6, 1, 2, 3, 4);
                for (int i = 0; i < 50_000; i++) {
                    c[s.select(k)]++;
                }
                results.add(c);
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int[] total = new int[5];
        for (int[] c : results) {
            for (int i = 0; i < 5; i++) {
                total[i] += c[i];
            }
        }
        // 200k picks are 40k full rounds: every member exactly 40k, whatever the interleaving
        assertArrayEquals(new int[] {40_000, 40_000, 40_000, 40_000, 40_000}, total);
    }

    @Test
    void skipsAMemberThatTurnsUnusableBeforeTheRebuild() {
        TestMembers m = TestMembers.equal(3, 1);
        PoolSelector s = policy.newSelector(m, Map.of());
        m.usable[1] = false;
        for (int i = 0; i < 100; i++) {
            assertNotEquals(1, s.select(key));
        }
    }

    @Test
    void noUsableMemberGivesNoNode() {
        TestMembers m = TestMembers.equal(3, 1);
        m.usable[0] = m.usable[1] = m.usable[2] = false;
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(m, Map.of()).select(key));
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(new TestMembers(), Map.of()).select(key));
        TestMembers live = TestMembers.equal(2, 1);
        PoolSelector s = policy.newSelector(live, Map.of());
        live.usable[0] = live.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, s.select(key));
    }

    @Test
    void selectDoesNotAllocate() {
        long bytes = Flows.allocatedBySelect(policy.newSelector(TestMembers.equal(100, 1), Map.of()));
        assertTrue(bytes < 16 * 1024, "200k selects allocated " + bytes + " bytes");
    }
}
