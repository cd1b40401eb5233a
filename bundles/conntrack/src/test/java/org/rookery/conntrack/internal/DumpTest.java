package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.conntrack.internal.Flows.ACK;
import static org.rookery.conntrack.internal.Flows.SYN;
import static org.rookery.conntrack.internal.Flows.sec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rookery.api.conntrack.ConnState;
import org.rookery.api.conntrack.Connection;
import org.rookery.api.model.FlowKey;

class DumpTest {

    private final ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(1000).withShards(4), 0, 5);

    @Test
    void dumpReturnsEveryLiveFlowWithItsDetails() {
        for (int i = 0; i < 10; i++) {
            t.insert(Flows.mixed(i).tcpFlags(i < 5 ? SYN : ACK), i % 2, 0);
        }
        t.lookup(Flows.mixed(7), sec(10));
        t.lookup(Flows.mixed(7), sec(10));
        List<Connection> all = t.dump(c -> true, 100, sec(10));
        assertEquals(10, all.size());
        Set<FlowKey> keys = new HashSet<>();
        for (Connection c : all) {
            keys.add(c.key());
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(keys.contains(Flows.mixed(i)), "flow " + i);
        }
        Connection seven = Flows.find(t, Flows.mixed(7), sec(10));
        assertEquals(1, seven.nodeId());
        assertEquals(ConnState.ESTABLISHED, seven.state());
        assertEquals(900_000, seven.expiresInMillis());
        assertEquals(3, seven.packets());
        assertEquals(Flows.mixed(7).toString(), seven.key().toString());
        Connection two = Flows.find(t, Flows.mixed(2), sec(10));
        assertEquals(ConnState.SYN_RECV, two.state());
        assertEquals(50_000, two.expiresInMillis());
        assertEquals(1, two.packets());
    }

    @Test
    void filterAndLimitApply() {
        for (int i = 0; i < 100; i++) {
            t.insert(Flows.mixed(i), i % 4, 0);
        }
        List<Connection> node3 = t.dump(c -> c.nodeId() == 3, 1000, 1);
        assertEquals(25, node3.size());
        assertTrue(node3.stream().allMatch(c -> c.nodeId() == 3));
        assertEquals(7, t.dump(c -> true, 7, 1).size());
        assertEquals(5, t.dump(c -> c.nodeId() == 3, 5, 1).size());
        assertEquals(0, t.dump(c -> true, 0, 1).size());
        assertEquals(50, t.dump(c -> c.key().family() == 6, 1000, 1).size());
    }

    @Test
    void expiredFlowsAreNotShown() {
        t.insert(Flows.v4(1).tcpFlags(SYN), 1, 0);
        t.insert(Flows.v4(2).tcpFlags(ACK), 1, 0);
        assertEquals(1, t.dump(c -> true, 10, sec(60)).size());
        assertEquals(2, t.size(), "dump does not remove");
    }

    @Test
    void dumpedKeysAreCopies() {
        FlowKey k = Flows.v4(1);
        t.insert(k, 1, 0);
        Connection c = t.dump(x -> true, 1, 0).get(0);
        assertNotSame(k, c.key());
        k.setV4(6, 9, 9, 9, 9);
        assertEquals(Flows.v4(1), c.key());
    }
}
