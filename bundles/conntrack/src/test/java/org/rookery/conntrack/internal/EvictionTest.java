package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.rookery.api.conntrack.ConnectionTable.MISS;
import static org.rookery.conntrack.internal.Flows.ACK;
import static org.rookery.conntrack.internal.Flows.RST;
import static org.rookery.conntrack.internal.Flows.SYN;
import static org.rookery.conntrack.internal.Flows.sec;
import static org.rookery.conntrack.internal.Flows.v4;
import static org.rookery.conntrack.internal.Flows.v6;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;

class EvictionTest {

    @Test
    void aSynFloodEvictsHalfOpenFlowsAndKeepsEstablishedOnes() {
        ShardedConnectionTable t = Flows.table(1000);
        for (int i = 0; i < 900; i++) {
            assertEquals(1, t.insert(v4(i).tcpFlags(ACK), 1, 0));
        }
        for (int i = 900; i < 1000; i++) {
            assertEquals(2, t.insert(v4(i).tcpFlags(SYN), 2, 0));
        }
        assertEquals(1000, t.size());
        for (int i = 0; i < 20_000; i++) {
            assertEquals(3, t.insert(v4(10_000 + i).tcpFlags(SYN), 3, sec(1)), "flood flow " + i);
        }
        assertEquals(1000, t.size());
        for (int i = 0; i < 900; i++) {
            assertEquals(1, t.lookup(v4(i), sec(2)), "established flow " + i + " survives");
        }
        Map<String, Long> c = t.counters();
        assertEquals(20_000L, c.get("evictions"));
        assertEquals(21_000L, c.get("inserts"));
        assertEquals(0L, c.get("full"));
        assertEquals(0L, c.get("expirations"));
        assertEquals(900, t.activeConnections(1));
        assertEquals(0, t.inactiveConnections(1));
        assertEquals(100, t.inactiveConnections(2) + t.inactiveConnections(3));
        assertEquals(100, t.inactiveConnections(3), "the oldest half-open flows went first");
    }

    @Test
    void expiredFlowsGoBeforeLiveOnesAndCountAsExpirations() {
        ShardedConnectionTable t = Flows.table(1000);
        for (int i = 0; i < 1000; i++) {
            t.insert(v4(i).tcpFlags(i % 2 == 0 ? ACK : SYN), 1, 0);
        }
        for (int i = 0; i < 100; i++) {
            t.insert(v6(i).tcpFlags(ACK), 2, sec(61));
        }
        Map<String, Long> c = t.counters();
        assertEquals(100L, c.get("expirations"));
        assertEquals(0L, c.get("evictions"));
        assertEquals(500, t.activeConnections(1));
        assertEquals(400, t.inactiveConnections(1));
    }

    @Test
    void amongLiveFlowsTheNonEstablishedClosestToExpiryGoesFirst() {
        // 8 flows fit in 13 slots, all inside one eviction window, so the order is exact.
        ShardedConnectionTable t = Flows.table(8);
        for (int i = 0; i < 4; i++) {
            t.insert(v4(i).tcpFlags(ACK), 1, 0);
        }
        t.insert(v4(10).tcpFlags(SYN), 2, 0);
        t.insert(v4(11).tcpFlags(SYN), 2, sec(1));
        t.insert(v4(12).tcpFlags(RST), 3, sec(2));
        t.insert(v4(13).tcpFlags(RST), 3, sec(3));
        FlowKey[] expectedOrder = {v4(12), v4(13), v4(10), v4(11), v4(100), v4(101), v4(102), v4(103)};
        for (int i = 0; i < expectedOrder.length; i++) {
            t.insert(v4(100 + i).tcpFlags(SYN), 4, sec(4 + i));
            assertEquals(MISS, t.lookup(expectedOrder[i], sec(4 + i)), "eviction " + i);
            assertEquals(8, t.size());
        }
        assertEquals(4, t.activeConnections(1));
        assertEquals(0, t.activeConnections(2) + t.inactiveConnections(2) + t.inactiveConnections(3));
    }

    @Test
    void establishedFlowsGoWhenNothingElseIsLeft() {
        ShardedConnectionTable t = Flows.table(100);
        for (int i = 0; i < 100; i++) {
            t.insert(v4(i).tcpFlags(ACK), 1, 0);
        }
        assertEquals(2, t.insert(v4(1000).tcpFlags(SYN), 2, sec(1)));
        assertEquals(100, t.size());
        assertEquals(99, t.activeConnections(1));
        assertEquals(1L, t.counters().get("evictions"));
    }

    @Test
    void whenEstablishedFlowsAreProtectedAFullTableRefusesAndCountsFull() {
        ShardedConnectionTable t = new ShardedConnectionTable(
                TableSettings.of(100).withShards(1).withEvictEstablished(false), 0, 7);
        for (int i = 0; i < 100; i++) {
            t.insert(v4(i).tcpFlags(ACK), 1, 0);
        }
        assertEquals(MISS, t.insert(v4(1000).tcpFlags(SYN), 2, sec(1)));
        assertEquals(MISS, t.insert(v6(1000).tcpFlags(SYN), 2, sec(1)));
        assertEquals(MISS, t.lookup(v4(1000), sec(1)));
        assertEquals(100, t.size());
        assertEquals(2L, t.counters().get("full"));
        assertEquals(0L, t.counters().get("evictions"));
        assertEquals(0L, t.counters().get("inserts") - 100);
        t.lookup(v4(5).tcpFlags(RST), sec(2));
        assertEquals(2, t.insert(v4(1000).tcpFlags(SYN), 2, sec(3)), "a closed flow may go");
        assertEquals(MISS, t.lookup(v4(5), sec(3)));
    }

    @Test
    void aFullFamilyTableMakesRoomFromTheOtherFamily() {
        ShardedConnectionTable t = Flows.table(50);
        for (int i = 0; i < 50; i++) {
            t.insert(v6(i).tcpFlags(ACK), 1, 0);
        }
        assertEquals(2, t.insert(v4(1).tcpFlags(SYN), 2, sec(1)));
        assertEquals(2, t.lookup(v4(1), sec(1)));
        assertEquals(50, t.size());
        assertEquals(49, t.activeConnections(1));
    }

    @Test
    void theBoundHoldsAcrossShards() {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(1000).withShards(4), 0, 3);
        for (int i = 0; i < 5000; i++) {
            assertNotEquals(MISS, t.insert(Flows.mixed(i).tcpFlags(SYN), i % 7, 0));
        }
        assertEquals(1000, t.size());
        assertEquals(4000L, t.counters().get("evictions"));
        int total = 0;
        for (int n = 0; n < 7; n++) {
            total += t.inactiveConnections(n) + t.activeConnections(n);
        }
        assertEquals(1000, total);
    }
}
