package org.rookery.policy.wlc;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class WeightedLeastConnectionsPolicyTest {

    private final WeightedLeastConnectionsPolicy policy = new WeightedLeastConnectionsPolicy();
    private final FlowKey[] keys = Flows.random(100_000, 12);

    @Test
    void registersUnderItsName() {
        assertEquals("wlc", policy.name());
    }

    @Test
    void picksTheFewestConnectionsPerWeight() {
        // overhead / weight: 2560 / 1, 3840 / 2 = 1920, 10240 / 3 = 3413: member 1, though member 0 has fewest
        TestMembers m = new TestMembers(1, 2, 3);
        m.active[0] = 10;
        m.active[1] = 15;
        m.active[2] = 40;
        PoolSelector s = policy.newSelector(m, Map.of());
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, s.select(keys[i]));
        }
    }

    @Test
    void countsInactiveConnectionsAsIpvsDoes() {
        // weights 1 and 2: member 1 wins while its overhead is below twice member 0's (2 * 256 = 512)
        TestMembers m = new TestMembers(1, 2);
        m.active[0] = 1;
        m.inactive[1] = 511;
        PoolSelector s = policy.newSelector(m, Map.of());
        assertEquals(1, s.select(keys[0]));
        m.inactive[1] = 513;
        assertEquals(0, s.select(keys[0]));
    }

    @Test
    void tiesAreSharedRatherThanAlwaysTheFirst() {
        // equal overhead per weight (0 / w) for all: each gets 25% +- 0.43%; IPVS would give member 0 all
        PoolSelector s = policy.newSelector(new TestMembers(1, 2, 3, 4), Map.of());
        int[] c = new int[4];
        for (int i = 0; i < 10_000; i++) {
            c[s.select(keys[i])]++;
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(c[i] > 2000 && c[i] < 3000, "member " + i + " got " + c[i]);
        }
    }

    @Test
    void connectionsFollowTheWeightsAsTheyAccumulate() {
        int[] w = {1, 2, 3, 4};
        TestMembers m = new TestMembers(w);
        PoolSelector s = policy.newSelector(m, Map.of());
        for (FlowKey k : keys) {
            m.active[s.select(k)]++;
        }
        // wlc always raises the lowest active / weight, by 1 / w <= 1, so all ratios stay within 1 of
        // each other and of 100k / 10: each count is within its weight of 10k * w.
        for (int i = 0; i < 4; i++) {
            assertTrue(Math.abs(m.active[i] - 10_000 * w[i]) <= w[i], "member " + i + " got " + m.active[i]);
        }
    }

    @Test
    void neverPicksAnUnusableMember() {
        TestMembers m = new TestMembers(5, 1, 1, 0);
        m.usable[0] = false;
        m.active[1] = 10;
        m.active[2] = 20;
        m.usable[3] = true; // breaks the contract (weight 0); still never picked
        PoolSelector s = policy.newSelector(m, Map.of());
        assertEquals(1, s.select(keys[0]));
        m.usable[1] = false; // turned unusable before the rebuild
        for (int i = 0; i < 1000; i++) {
            assertEquals(2, s.select(keys[i]));
        }
    }

    @Test
    void noUsableMemberGivesNoNode() {
        TestMembers m = new TestMembers(1, 0);
        m.usable[0] = false;
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(m, Map.of()).select(keys[0]));
        TestMembers live = new TestMembers(2, 1);
        PoolSelector s = policy.newSelector(live, Map.of());
        live.usable[0] = live.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, s.select(keys[0]));
    }

    @Test
    void selectDoesNotAllocate() {
        TestMembers m = TestMembers.equal(100, 3);
        for (int i = 0; i < 100; i++) {
            m.active[i] = i * 7 % 13;
        }
        long bytes = Flows.allocatedBySelect(policy.newSelector(m, Map.of()));
        assertTrue(bytes < 16 * 1024, "200k selects allocated " + bytes + " bytes");
    }
}
