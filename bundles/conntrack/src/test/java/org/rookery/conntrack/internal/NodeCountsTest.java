package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rookery.api.conntrack.ConnectionTable.MISS;
import static org.rookery.conntrack.internal.Flows.ACK;
import static org.rookery.conntrack.internal.Flows.FIN;
import static org.rookery.conntrack.internal.Flows.RST;
import static org.rookery.conntrack.internal.Flows.SYN;
import static org.rookery.conntrack.internal.Flows.sec;
import static org.rookery.conntrack.internal.Flows.v4;
import static org.rookery.conntrack.internal.Flows.v6;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;

class NodeCountsTest {

    private final ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(1000).withShards(4), 0, 11);

    private void assertCounts(int node, int active, int inactive) {
        assertEquals(active, t.activeConnections(node), "active of node " + node);
        assertEquals(inactive, t.inactiveConnections(node), "inactive of node " + node);
    }

    @Test
    void countsFollowTheStateOfEachFlow() {
        FlowKey k = v4(1);
        t.insert(k.tcpFlags(SYN), 3, 0);
        assertCounts(3, 0, 1);
        t.lookup(k.tcpFlags(ACK), 1);
        assertCounts(3, 1, 0);
        t.lookup(k.tcpFlags(ACK), 2);
        assertCounts(3, 1, 0);
        t.lookup(k.tcpFlags(FIN), 3);
        assertCounts(3, 0, 1);
        t.lookup(k.tcpFlags(RST), 4);
        assertCounts(3, 0, 1);
        t.lookup(k.tcpFlags(SYN), 5);
        t.lookup(k.tcpFlags(ACK), 6);
        assertCounts(3, 1, 0);
        t.remove(k);
        assertCounts(3, 0, 0);
    }

    @Test
    void udpFlowsAreInactive() {
        t.insert(new FlowKey().setV4(17, 1, 2, 3, 4), 2, 0);
        t.insert(new FlowKey().setV6(17, 1, 1, 2, 2, 3, 4), 2, 0);
        assertCounts(2, 0, 2);
    }

    @Test
    void expiryLowersTheCounts() {
        t.insert(v4(1).tcpFlags(ACK), 1, 0);
        t.insert(v4(2).tcpFlags(SYN), 1, 0);
        t.insert(v6(3).tcpFlags(SYN), 1, 0);
        assertCounts(1, 1, 2);
        assertEquals(MISS, t.lookup(v4(2), sec(60)));
        assertCounts(1, 1, 1);
        assertEquals(1, t.expire(sec(60)));
        assertCounts(1, 1, 0);
        assertEquals(1, t.expire(sec(900)));
        assertCounts(1, 0, 0);
    }

    @Test
    void removeNodeForgetsEveryFlowOfThatNodeOnly() {
        for (int i = 0; i < 300; i++) {
            t.insert(Flows.mixed(i).tcpFlags(i % 3 == 0 ? SYN : ACK), i % 2 == 0 ? 4 : 5, 0);
        }
        assertEquals(150, t.activeConnections(4) + t.inactiveConnections(4));
        assertEquals(150, t.removeNode(4));
        assertCounts(4, 0, 0);
        assertEquals(150, t.size());
        assertEquals(100, t.activeConnections(5));
        assertEquals(50, t.inactiveConnections(5));
        for (int i = 0; i < 300; i++) {
            assertEquals(i % 2 == 0 ? MISS : 5, t.lookup(Flows.mixed(i), 1), "flow " + i);
        }
        assertEquals(0, t.removeNode(4));
    }

    @Test
    void evictionLowersTheCountsOfTheEvictedNode() {
        ShardedConnectionTable small = Flows.table(10);
        for (int i = 0; i < 10; i++) {
            small.insert(v4(i).tcpFlags(SYN), 1, 0);
        }
        for (int i = 10; i < 15; i++) {
            small.insert(v4(i).tcpFlags(SYN), 2, sec(1));
        }
        assertEquals(5, small.inactiveConnections(1));
        assertEquals(5, small.inactiveConnections(2));
    }

    @Test
    void theHighestNodeIdAndUnknownNodesWork() {
        t.insert(v4(1), 65535, 0);
        assertCounts(65535, 1, 0);
        assertCounts(40000, 0, 0);
        assertCounts(70000, 0, 0);
    }
}
