package org.rookery.policy.lc;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class LeastConnectionsPolicyTest {

    private final LeastConnectionsPolicy policy = new LeastConnectionsPolicy();
    private final FlowKey[] keys = Flows.random(100_000, 11);

    @Test
    void registersUnderItsName() {
        assertEquals("lc", policy.name());
    }

    @Test
    void picksTheFewestActiveConnections() {
        TestMembers m = TestMembers.equal(4, 1);
        m.active[0] = 3;
        m.active[1] = 5;
        m.active[2] = 1;
        m.active[3] = 2;
        PoolSelector s = policy.newSelector(m, Map.of());
        for (int i = 0; i < 1000; i++) {
            assertEquals(2, s.select(keys[i]));
        }
    }

    @Test
    void countsInactiveConnectionsAsIpvsDoes() {
        // overhead = active * 256 + inactive: 255 inactive weigh less than one active, 257 more
        TestMembers m = TestMembers.equal(2, 1);
        m.active[0] = 1;
        m.inactive[1] = 255;
        PoolSelector s = policy.newSelector(m, Map.of());
        assertEquals(1, s.select(keys[0]));
        m.inactive[1] = 257;
        assertEquals(0, s.select(keys[0]));
        // and weights do not matter to lc
        m.weights[1] = 100;
        assertEquals(0, policy.newSelector(m, Map.of()).select(keys[0]));
    }

    @Test
    void tiesAreSharedRatherThanAlwaysTheFirst() {
        TestMembers m = TestMembers.equal(4, 1);
        PoolSelector s = policy.newSelector(m, Map.of());
        int[] c = new int[4];
        for (int i = 0; i < 10_000; i++) {
            c[s.select(keys[i])]++;
        }
        // each would get 25% +- 0.43% (one standard deviation) from a uniform start; IPVS's first-minimum
        // rule would give member 0 everything. 20-30% is more than ten deviations wide.
        for (int i = 0; i < 4; i++) {
            assertTrue(c[i] > 2000 && c[i] < 3000, "member " + i + " got " + c[i]);
        }
        assertEquals(s.select(keys[7]), s.select(keys[7]), "a flow breaks ties the same way every time");
    }

    @Test
    void connectionsSpreadEvenlyAsTheyAccumulate() {
        TestMembers m = TestMembers.equal(4, 1);
        m.usable[3] = false;
        PoolSelector s = policy.newSelector(m, Map.of());
        for (int j = 0; j < 99_999; j++) {
            m.active[s.select(keys[j])]++;
        }
        // least connections keeps the counts within one of each other, so 99,999 flows are 3 * 33,333
        assertEquals(0, m.active[3]);
        for (int i = 0; i < 3; i++) {
            assertEquals(33_333, m.active[i]);
        }
    }

    @Test
    void neverPicksAnUnusableMember() {
        TestMembers m = TestMembers.equal(3, 1);
        m.usable[0] = false;
        m.active[1] = 10; // the least loaded is the unusable one
        m.active[2] = 20;
        PoolSelector s = policy.newSelector(m, Map.of());
        assertEquals(1, s.select(keys[0]));
        m.usable[1] = false; // turned unusable before the rebuild
        for (int i = 0; i < 1000; i++) {
            assertEquals(2, s.select(keys[i]));
        }
    }

    @Test
    void noUsableMemberGivesNoNode() {
        TestMembers m = TestMembers.equal(2, 1);
        m.usable[0] = m.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(m, Map.of()).select(keys[0]));
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(new TestMembers(), Map.of()).select(keys[0]));
        TestMembers live = TestMembers.equal(2, 1);
        PoolSelector s = policy.newSelector(live, Map.of());
        live.usable[0] = live.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, s.select(keys[0]));
    }

    @Test
    void selectDoesNotAllocate() {
        TestMembers m = TestMembers.equal(100, 1);
        for (int i = 0; i < 100; i++) {
            m.active[i] = i * 7 % 13;
        }
        long bytes = Flows.allocatedBySelect(policy.newSelector(m, Map.of()));
        assertTrue(bytes < 16 * 1024, "200k selects allocated " + bytes + " bytes");
    }
}
