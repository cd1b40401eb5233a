package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.conntrack.internal.Flows.SYN;
import static org.rookery.conntrack.internal.Flows.table;
import static org.rookery.conntrack.internal.Flows.v4;
import static org.rookery.conntrack.internal.Flows.v6;
import static org.rookery.api.conntrack.ConnectionTable.MISS;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;

class BasicOperationsTest {

    @Test
    void ipv4InsertLookupRemove() {
        ShardedConnectionTable t = table(100);
        FlowKey k = v4(1).tcpFlags(SYN);
        assertEquals(MISS, t.lookup(k, 0));
        assertEquals(7, t.insert(k, 7, 0));
        assertEquals(7, t.lookup(v4(1), 1));
        assertEquals(MISS, t.lookup(v4(2), 1));
        assertEquals(1, t.size());
        assertTrue(t.remove(v4(1)));
        assertEquals(MISS, t.lookup(v4(1), 2));
        assertFalse(t.remove(v4(1)));
        assertEquals(0, t.size());
    }

    @Test
    void ipv6InsertLookupRemove() {
        ShardedConnectionTable t = table(100);
        assertEquals(65535, t.insert(v6(1).tcpFlags(SYN), 65535, 0));
        assertEquals(3, t.insert(v6(2), 3, 0));
        assertEquals(65535, t.lookup(v6(1), 1));
        assertEquals(3, t.lookup(v6(2), 1));
        assertTrue(t.remove(v6(1)));
        assertEquals(MISS, t.lookup(v6(1), 2));
        assertEquals(3, t.lookup(v6(2), 2));
        assertEquals(1, t.size());
    }

    @Test
    void ipv4AndIpv6WithTheSameLowWordsAreDifferentFlows() {
        ShardedConnectionTable t = table(100);
        FlowKey four = new FlowKey().setV4(6, 1, 2, 10, 20);
        FlowKey six = new FlowKey().setV6(6, 0, 1, 0, 2, 10, 20);
        t.insert(four, 1, 0);
        t.insert(six, 2, 0);
        assertEquals(1, t.lookup(four, 1));
        assertEquals(2, t.lookup(six, 1));
    }

    @Test
    void protocolAndPortDirectionArePartOfTheFlow() {
        ShardedConnectionTable t = table(100);
        t.insert(new FlowKey().setV4(6, 1, 2, 10, 20), 1, 0);
        assertEquals(MISS, t.lookup(new FlowKey().setV4(17, 1, 2, 10, 20), 1));
        assertEquals(MISS, t.lookup(new FlowKey().setV4(6, 1, 2, 20, 10), 1));
        assertEquals(MISS, t.lookup(new FlowKey().setV4(6, 2, 1, 10, 20), 1));
        assertEquals(1, t.lookup(new FlowKey().setV4(6, 1, 2, 10, 20), 1));
    }

    @Test
    void insertOfATrackedFlowKeepsAndReturnsItsNode() {
        ShardedConnectionTable t = table(100);
        assertEquals(3, t.insert(v4(1), 3, 0));
        assertEquals(3, t.insert(v4(1), 9, 1));
        assertEquals(3, t.insert(v6(1), 3, 0));
        assertEquals(3, t.insert(v6(1), 9, 1));
        assertEquals(2, t.size());
        assertEquals(2L, t.counters().get("inserts"));
        assertEquals(2, t.activeConnections(3));
        assertEquals(0, t.activeConnections(9));
    }

    @Test
    void nodeIdsOutsideMaxNodesAreRejected() {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(10).withMaxNodes(8), 0);
        assertEquals(7, t.insert(v4(1), 7, 0));
        assertThrows(IllegalArgumentException.class, () -> t.insert(v4(2), 8, 0));
        assertThrows(IllegalArgumentException.class, () -> t.insert(v4(2), -1, 0));
        assertEquals(1, t.size());
    }

    @Test
    void anEmptyKeyIsAnError() {
        ShardedConnectionTable t = table(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.lookup(new FlowKey(), 0));
        assertTrue(e.getMessage().contains("setV4"), e.getMessage());
    }

    @Test
    void aTinyCapacityUsesFewerShardsButKeepsTheBound() {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(3).withShards(16), 0);
        assertEquals(2, t.shards());
        for (int i = 0; i < 50; i++) {
            t.insert(v4(i), 1, 0);
        }
        assertEquals(3, t.size());
        assertEquals(3, t.capacity());
    }
}
