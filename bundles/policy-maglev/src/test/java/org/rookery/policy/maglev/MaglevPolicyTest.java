package org.rookery.policy.maglev;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class MaglevPolicyTest {

    private final MaglevPolicy policy = new MaglevPolicy();
    private final FlowKey[] keys = Flows.random(100_000, 31);

    private static int[] slots(PoolSelector s, int members) {
        int[] c = new int[members];
        for (int i : ((MaglevSelector) s).table()) {
            c[i]++;
        }
        return c;
    }

    @Test
    void registersUnderItsName() {
        assertEquals("maglev", policy.name());
    }

    @Test
    void sameFlowAndMembersGiveTheSameNodeWhateverTheMemberOrder() {
        TestMembers m = new TestMembers(1, 2, 3, 1, 1, 2);
        // the same members listed in reverse, as another front-end might list them
        TestMembers reversed = new TestMembers(2, 1, 1, 3, 2, 1);
        for (int i = 0; i < 6; i++) {
            reversed.names[i] = m.names[5 - i];
            reversed.addressHashes[i] = m.addressHashes[5 - i];
        }
        PoolSelector a = policy.newSelector(m, Map.of());
        PoolSelector again = policy.newSelector(m, Map.of());
        PoolSelector other = policy.newSelector(reversed, Map.of());
        for (FlowKey k : keys) {
            int node = a.select(k);
            assertEquals(node, a.select(k));
            assertEquals(node, again.select(k));
            assertEquals(m.names[node], reversed.names[other.select(k)], "another front-end disagrees");
        }
    }

    @Test
    void equalMembersGetEqualSlotsAndFlows() {
        PoolSelector s = policy.newSelector(TestMembers.equal(10, 1), Map.of());
        for (int c : slots(s, 10)) {
            assertTrue(c == 6553 || c == 6554, "slots " + c); // floor or ceil of 65537 / 10
        }
        // 10k flows expected each; sampling deviation 95 (0.95%): 5% is over five deviations
        for (int c : Flows.counts(s, keys, 10)) {
            assertTrue(Math.abs(c - 10_000) < 500, "flows " + c);
        }
    }

    @Test
    void weightsAreHonoured() {
        TestMembers m = TestMembers.equal(10, 1);
        m.weights[0] = 2;
        int[] c = slots(policy.newSelector(m, Map.of()), 10);
        double others = (65537 - c[0]) / 9.0;
        // Katran's credits give the weight-2 member a turn every round and the others every second
        // round: exactly 2:1 but for the last, partial round
        assertEquals(2.0, c[0] / others, 0.01, "weight-2 member has " + c[0] + " slots");
        int[] w = {1, 2, 3, 4};
        int[] flows = Flows.counts(policy.newSelector(new TestMembers(w), Map.of()), keys, 4);
        // slot shares are exact to a few slots in 65537; 100k flows add at most 0.16% (one deviation)
        for (int i = 0; i < 4; i++) {
            assertEquals(w[i] / 10.0, flows[i] / 100_000.0, 0.01, "member " + i);
        }
    }

    @Test
    void sourceHashKeepsAClientOnOneNode() {
        TestMembers m = TestMembers.equal(20, 1);
        PoolSelector source = policy.newSelector(m, Map.of("maglev.hash", "source"));
        PoolSelector tuple = policy.newSelector(m, Map.of("maglev.hash", "5tuple"));
        FlowKey k = new FlowKey();
        int spread = 0;
        int first5 = -1;
        for (int port = 1024; port < 1124; port++) {
            k.setV4(6, 0xC6336401, 0xC000020A, port, 80);
            int node = source.select(k);
            assertEquals(source.select(k.setV4(6, 0xC6336401, 0xC000020A, 1024, 80)), node);
            int t = tuple.select(k.setV4(6, 0xC6336401, 0xC000020A, port, 80));
            if (first5 < 0) {
                first5 = t;
            } else if (t != first5) {
                spread++;
            }
        }
        assertTrue(spread > 80, "5tuple hashing must spread one client's connections: " + spread);
    }

    @Test
    void neverPicksAnUnusableMember() {
        TestMembers m = TestMembers.equal(4, 1);
        m.usable[0] = false;
        PoolSelector s = policy.newSelector(m, Map.of());
        for (int i : ((MaglevSelector) s).table()) {
            assertNotEquals(0, i, "only usable members are placed");
        }
        m.usable[1] = false; // turned unusable before the rebuild: its slots pass flows on
        int[] c = Flows.counts(s, keys, 4);
        assertEquals(0, c[0] + c[1]);
        assertEquals(keys.length, c[2] + c[3]);
    }

    @Test
    void noUsableMemberGivesNoNode() {
        TestMembers m = TestMembers.equal(3, 1);
        m.usable[0] = m.usable[1] = m.usable[2] = false;
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(m, Map.of()).select(keys[0]));
        assertEquals(PoolSelector.NO_NODE, policy.newSelector(new TestMembers(), Map.of()).select(keys[0]));
        TestMembers live = TestMembers.equal(2, 1);
        PoolSelector s = policy.newSelector(live, Map.of("maglev.table", "251"));
        live.usable[0] = live.usable[1] = false;
        assertEquals(PoolSelector.NO_NODE, s.select(keys[0]));
    }

    @Test
    void selectDoesNotAllocate() {
        long bytes = Flows.allocatedBySelect(policy.newSelector(TestMembers.equal(100, 1), Map.of()));
        assertTrue(bytes < 16 * 1024, "200k selects allocated " + bytes + " bytes");
        bytes = Flows.allocatedBySelect(policy.newSelector(TestMembers.equal(100, 1), Map.of("maglev.hash", "source")));
        assertTrue(bytes < 16 * 1024, "source: 200k selects allocated " + bytes + " bytes");
    }
}
