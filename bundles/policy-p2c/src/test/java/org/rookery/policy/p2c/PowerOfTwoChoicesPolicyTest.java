package org.rookery.policy.p2c;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class PowerOfTwoChoicesPolicyTest {

    private final PowerOfTwoChoicesPolicy policy = new PowerOfTwoChoicesPolicy();
    private final FlowKey key = Flows.random(1, 51)[0];

    private static int[] picks(PoolSelector s, FlowKey key, int n, int members) {
        int[] c = new int[members];
        for (int i = 0; i < n; i++) {
            c[s.select(key)]++;
        }
        return c;
    }

    @Test
    void registersUnderItsName() {
        assertEquals("p2c", policy.name());
    }

    @Test
    void theMoreLoadedOfAnyPairNeverWins() {
        TestMembers m = TestMembers.equal(4, 1);
        m.active[1] = 10;
        m.active[2] = 20;
        m.active[3] = 30;
        int[] c = picks(policy.newSelector(m, Map.of()), key, 12_000, 4);
        // a member wins exactly the pairs where the other is more loaded: member 0 is in 3 of 6 pairs,
        // member 1 wins 2 of 6, member 2 one, member 3 none. 12k picks: deviations under 60, allow 300
        assertEquals(0, c[3]);
        assertEquals(6000, c[0], 300);
        assertEquals(4000, c[1], 300);
        assertEquals(2000, c[2], 300);
    }

    @Test
    void theTwoChoicesAreDistinct() {
        // drawn by weight with replacement, member 0 would meet itself 99.8% of the time and win; drawn
        // distinct, every pick compares both, and member 1 has the lower load per weight: 1/1 < 2561/1000
        TestMembers m = new TestMembers(1000, 1);
        m.active[0] = 10;
        int[] c = picks(policy.newSelector(m, Map.of()), key, 1000, 2);
        assertEquals(1000, c[1]);
    }

    @Test
    void connectionsFollowTheWeightsAsTheyAccumulate() {
        int[][] cases = {{1, 2, 3, 4}, {1, 1, 1, 100}};
        for (int[] w : cases) {
            TestMembers m = new TestMembers(w);
            PoolSelector s = policy.newSelector(m, Map.of());
            for (int i = 0; i < 100_000; i++) {
                m.active[s.select(key)]++; // every pick becomes a connection that stays
            }
            long total = 0;
            for (int x : w) {
                total += x;
            }
            // two choices keep the counts per weight within a few connections of each other; 0.5% of
            // 100k is 500 connections. With 1,1,1,100 the heavy member needs 97%: uniform draws could
            // give it at most the half of all pairs it is in.
            for (int i = 0; i < w.length; i++) {
                assertEquals((double) w[i] / total, m.active[i] / 100_000.0, 0.005, "weights " + java.util.Arrays.toString(w) + " member " + i);
            }
        }
    }

    @Test
    void drawsCoverTheWholeRangeAndNothingMore() {
        assertEquals(0, TwoChoicesSelector.below(0L, 10));
        assertEquals(0, TwoChoicesSelector.below(1L, 10));
        assertEquals(9, TwoChoicesSelector.below(-1L, 10)); // all 64 bits set: the top of the range
        assertEquals(5, TwoChoicesSelector.below(Long.MIN_VALUE, 10)); // only the top bit: half of the range
        assertEquals(65_535L * 100_000 - 1, TwoChoicesSelector.below(-1L, 65_535L * 100_000));
    }

    @Test
    void neverPicksAnUnusableMember() {
        TestMembers m = TestMembers.equal(5, 1);
        m.usable[0] = false;
        m.active[1] = 100; // the idle members are unusable ones
        PoolSelector s = policy.newSelector(m, Map.of());
        m.usable[2] = false; // turned unusable before the rebuild
        m.usable[3] = false;
        int[] c = picks(s, key, 10_000, 5);
        assertEquals(0, c[0] + c[2] + c[3]);
        assertTrue(c[4] > c[1], "the idle usable member wins more often");
        m.usable[4] = false; // both draws may now be unusable: the scan finds member 1
        c = picks(s, key, 1000, 5);
        assertEquals(1000, c[1]);
    }

    @Test
    void noUsableMemberGivesNoNode() {
        TestMembers m = TestMembers.equal(3, 1);
        m.usable[0] = m.usable[1] = m.usable[2] = false;
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(m, Map.of()).select(key));
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(new TestMembers(), Map.of()).select(key));
        for (int n = 1; n <= 3; n++) {
            TestMembers live = TestMembers.equal(n, 1);
            PoolSelector s = policy.newSelector(live, Map.of());
            java.util.Arrays.fill(live.usable, false);
            assertEquals(PoolSelector.NO_NODE, s.select(key));
        }
        TestMembers one = TestMembers.equal(1, 1);
        assertNotEquals(PoolSelector.NO_NODE, policy.newSelector(one, Map.of()).select(key));
    }

    @Test
    void selectDoesNotAllocate() {
        TestMembers m = new TestMembers(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (int i = 0; i < 10; i++) {
            m.active[i] = i * 3 % 7;
        }
        long bytes = Flows.allocatedBySelect(policy.newSelector(m, Map.of()));
        assertTrue(bytes < 16 * 1024, "200k selects allocated " + bytes + " bytes");
    }
}
