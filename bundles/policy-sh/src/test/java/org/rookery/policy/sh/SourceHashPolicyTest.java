package org.rookery.policy.sh;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class SourceHashPolicyTest {

    private final SourceHashPolicy policy = new SourceHashPolicy();
    private final FlowKey[] keys = Flows.random(100_000, 21);

    @Test
    void registersUnderItsName() {
        assertEquals("sh", policy.name());
    }

    @Test
    void sameSourceAndMembersGiveTheSameNode() {
        TestMembers m = new TestMembers(1, 2, 3, 1, 1);
        PoolSelector a = policy.newSelector(m, Map.of());
        PoolSelector b = policy.newSelector(new TestMembers(1, 2, 3, 1, 1), Map.of());
        FlowKey otherPort = new FlowKey();
        for (FlowKey k : keys) {
            int node = a.select(k);
            assertEquals(node, a.select(k));
            assertEquals(node, b.select(k), "a second table from the same members agrees");
            otherPort.copyFrom(k).setV4(17, (int) k.srcLo(), 0x0A0A0A0A, 5353, 53);
            assertEquals(node, a.select(otherPort), "only the source address counts");
        }
    }

    @Test
    void distributionMatchesWeights() {
        int[] w = {1, 2, 3, 4};
        int[] c = Flows.counts(policy.newSelector(new TestMembers(w), Map.of()), keys, 4);
        // bucket shares are exact to 1/1024; 100k random sources add a sampling error of at most
        // 0.16% (one standard deviation, p = 0.4): 1% absolute is over six deviations
        for (int i = 0; i < 4; i++) {
            double share = c[i] / 100_000.0;
            assertEquals(w[i] / 10.0, share, 0.01, "member " + i);
        }
        int[] table = ((SourceHashSelector) policy.newSelector(new TestMembers(w), Map.of())).table();
        int[] buckets = new int[4];
        for (int i : table) {
            buckets[i]++;
        }
        assertEquals(1024, table.length);
        for (int i = 0; i < 4; i++) {
            assertTrue(Math.abs(buckets[i] - 1024 * w[i] / 10.0) <= 1, "member " + i + " has " + buckets[i]);
        }
    }

    @Test
    void aDownMemberMovesOnlyItsOwnClientsAndSpreadsThem() {
        TestMembers m = TestMembers.equal(8, 1);
        PoolSelector before = policy.newSelector(m, Map.of());
        int[] was = new int[keys.length];
        for (int j = 0; j < keys.length; j++) {
            was[j] = before.select(keys[j]);
        }
        m.usable[3] = false; // down or draining: the rebuilt table keeps it, fallback skips it
        PoolSelector after = policy.newSelector(m, Map.of());
        int[] movedTo = new int[8];
        for (int j = 0; j < keys.length; j++) {
            int now = after.select(keys[j]);
            assertNotEquals(3, now);
            if (was[j] != 3) {
                assertEquals(was[j], now, "a client of a healthy member moved");
            } else {
                movedTo[now]++;
            }
        }
        // member 3 had ~12.5k clients; spread over 7 others they get ~1.8k each, not all on one neighbour
        for (int i = 0; i < 8; i++) {
            if (i != 3) {
                assertTrue(movedTo[i] > 900 && movedTo[i] < 2700, "member " + i + " took " + movedTo[i]);
            }
        }
        m.usable[3] = true;
        PoolSelector back = policy.newSelector(m, Map.of());
        for (int j = 0; j < keys.length; j++) {
            assertEquals(was[j], back.select(keys[j]), "clients return when the member does");
        }
    }

    @Test
    void neverPicksAnUnusableMember() {
        TestMembers m = new TestMembers(1, 1, 1, 0);
        m.usable[0] = false;
        m.usable[3] = true; // breaks the contract (weight 0); has no bucket, so is never picked
        PoolSelector s = policy.newSelector(m, Map.of());
        m.usable[1] = false; // turned unusable before the rebuild
        for (FlowKey k : keys) {
            assertEquals(2, s.select(k));
        }
    }

    @Test
    void noUsableMemberGivesNoNode() {
        TestMembers m = TestMembers.equal(3, 1);
        m.usable[0] = m.usable[1] = m.usable[2] = false;
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(m, Map.of()).select(keys[0]));
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(new TestMembers(), Map.of()).select(keys[0]));
        TestMembers live = TestMembers.equal(2, 1);
        PoolSelector s = policy.newSelector(live, Map.of());
        live.usable[0] = live.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, s.select(keys[0]));
    }

    @Test
    void selectDoesNotAllocate() {
        long bytes = Flows.allocatedBySelect(policy.newSelector(TestMembers.equal(100, 1), Map.of("sh.prefix", "24")));
        assertTrue(bytes < 16 * 1024, "200k selects allocated " + bytes + " bytes");
    }
}
