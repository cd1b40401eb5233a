package org.rookery.policy.leastload;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class LeastLoadPolicyTest {

    private final LeastLoadPolicy policy = new LeastLoadPolicy();
    private final FlowKey[] keys = Flows.random(10_000, 41);

    private void assertAllPick(int expected, PoolSelector s) {
        for (FlowKey k : keys) {
            assertEquals(expected, s.select(k));
        }
    }

    @Test
    void registersUnderItsName() {
        assertEquals("leastload", policy.name());
    }

    @Test
    void prefersTheLowestLoad() {
        TestMembers m = TestMembers.equal(3, 1);
        m.loads[0] = 0.9;
        m.loads[1] = 0.2;
        m.loads[2] = 0.5;
        m.active[1] = 1000; // connections do not matter while every load is known
        assertAllPick(1, policy.newSelector(m, Map.of()));
    }

    @Test
    void dividesTheLoadByTheWeight() {
        // 0.4 / 2 = 0.2 beats 0.3 / 1
        TestMembers m = new TestMembers(2, 1);
        m.loads[0] = 0.4;
        m.loads[1] = 0.3;
        assertAllPick(0, policy.newSelector(m, Map.of()));
        m.loads[0] = 0.7; // 0.35 loses to 0.3, read live
        assertAllPick(1, policy.newSelector(m, Map.of()));
    }

    @Test
    void fallsBackToWeightedLeastConnectionsWhileALoadIsUnknown() {
        TestMembers m = new TestMembers(1, 1, 2);
        m.loads[0] = 0.1;
        m.loads[1] = Double.NaN; // unknown or stale
        m.loads[2] = 0.9;
        m.active[0] = 50;
        m.active[1] = 40;
        m.active[2] = 60; // 60 / 2 = 30 per weight: the least
        PoolSelector s = policy.newSelector(m, Map.of());
        assertAllPick(2, s);
        m.loads[1] = 0.5; // the report arrives: back to load, read live
        assertAllPick(0, s);
    }

    @Test
    void anUnusableMembersUnknownLoadDoesNotMatter() {
        TestMembers m = TestMembers.equal(3, 1);
        m.loads[0] = 0.3;
        m.loads[1] = Double.NaN;
        m.loads[2] = 0.6;
        m.usable[1] = false;
        m.active[0] = 100; // wlc would pick member 2
        assertAllPick(0, policy.newSelector(m, Map.of()));
    }

    @Test
    void tiesAreSharedRatherThanAlwaysTheFirst() {
        TestMembers m = TestMembers.equal(4, 1);
        java.util.Arrays.fill(m.loads, 0.5);
        int[] c = Flows.counts(policy.newSelector(m, Map.of()), keys, 4);
        // 10k flows, 25% each +- 0.43% (one deviation): 20-30% is over ten deviations wide
        for (int i = 0; i < 4; i++) {
            assertTrue(c[i] > 2000 && c[i] < 3000, "member " + i + " got " + c[i]);
        }
    }

    @Test
    void neverPicksAnUnusableMember() {
        TestMembers m = TestMembers.equal(4, 1);
        m.loads[0] = 0.0;
        m.usable[0] = false;
        m.loads[1] = 0.1;
        m.loads[2] = 0.2;
        m.loads[3] = 0.3;
        PoolSelector s = policy.newSelector(m, Map.of());
        assertAllPick(1, s);
        m.usable[1] = false; // turned unusable before the rebuild
        assertAllPick(2, s);
        m.loads[3] = Double.NaN;
        m.active[2] = 5; // the connection scan skips it too
        assertAllPick(3, s);
    }

    @Test
    void noUsableMemberGivesNoNode() {
        TestMembers m = TestMembers.equal(2, 1);
        m.usable[0] = m.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(m, Map.of()).select(keys[0]));
        TestMembers live = TestMembers.equal(2, 1);
        PoolSelector s = policy.newSelector(live, Map.of());
        live.usable[0] = live.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, s.select(keys[0]));
        live.loads[1] = Double.NaN;
        assertEquals(PoolSelector.NO_NODE, s.select(keys[0]));
    }

    @Test
    void selectDoesNotAllocate() {
        TestMembers m = TestMembers.equal(100, 2);
        for (int i = 0; i < 100; i++) {
            m.loads[i] = (i * 37 % 100) / 100.0;
            m.active[i] = i % 7;
        }
        long bytes = Flows.allocatedBySelect(policy.newSelector(m, Map.of()));
        assertTrue(bytes < 16 * 1024, "loads: 200k selects allocated " + bytes + " bytes");
        m.loads[50] = Double.NaN;
        bytes = Flows.allocatedBySelect(policy.newSelector(m, Map.of()));
        assertTrue(bytes < 16 * 1024, "fallback: 200k selects allocated " + bytes + " bytes");
    }
}
