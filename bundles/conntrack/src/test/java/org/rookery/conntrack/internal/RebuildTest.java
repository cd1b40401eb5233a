package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.conntrack.internal.Flows.ACK;
import static org.rookery.conntrack.internal.Flows.RST;
import static org.rookery.conntrack.internal.Flows.SYN;
import static org.rookery.conntrack.internal.Flows.sec;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.rookery.api.conntrack.Connection;
import org.rookery.api.model.FlowKey;

class RebuildTest {

    private final ShardedConnectionTable old = new ShardedConnectionTable(TableSettings.of(1000).withShards(4), 0, 9);

    private void fill(int n) {
        for (int i = 0; i < n; i++) {
            int flags = i % 3 == 0 ? SYN : i % 3 == 1 ? ACK : RST;
            old.insert(Flows.mixed(i).tcpFlags(flags), i % 5, 0);
        }
        old.lookup(Flows.mixed(1), sec(5));
    }

    private static List<String> snapshot(ShardedConnectionTable t, long now) {
        return t.dump(c -> true, Integer.MAX_VALUE, now).stream()
                .sorted(Comparator.comparing((Connection c) -> c.key().toString()))
                .map(Connection::toString).collect(Collectors.toList());
    }

    @Test
    void aRebuildKeepsEveryFlowAsItWas() {
        fill(300);
        List<String> before = snapshot(old, sec(6));
        ShardedConnectionTable next = old.rebuild(TableSettings.of(5000).withShards(8), sec(6));
        assertEquals(5000, next.capacity());
        assertEquals(8, next.shards());
        assertEquals(before, snapshot(next, sec(6)));
        for (int n = 0; n < 5; n++) {
            assertEquals(old.activeConnections(n), next.activeConnections(n));
            assertEquals(old.inactiveConnections(n), next.inactiveConnections(n));
        }
        assertEquals(1L, next.counters().get("lookups"), "counters run on");
        assertEquals(300L, next.counters().get("inserts"), "copies are not inserts");
    }

    @Test
    void expiredFlowsAreNotCopied() {
        fill(300);
        ShardedConnectionTable next = old.rebuild(TableSettings.of(1000).withShards(2), sec(10));
        assertEquals(200, next.size(), "the CLOSE flows had 10 s");
    }

    @Test
    void callsReachingTheOldTableArePassedOn() {
        fill(30);
        ShardedConnectionTable next = old.rebuild(TableSettings.of(1000).withShards(2), sec(6));
        FlowKey fresh = Flows.v4(5000).tcpFlags(SYN);
        assertEquals(4, old.insert(fresh, 4, sec(7)));
        assertEquals(4, next.lookup(Flows.v4(5000), sec(7)));
        assertEquals(31, next.size());
        assertTrue(old.remove(Flows.v4(5000)));
        assertEquals(30, next.size());
        assertEquals(6, old.removeNode(0));
        assertEquals(24, next.size());
        assertEquals(24, old.size(), "views of the old table follow the flows");
        assertEquals(24, old.dump(c -> true, 100, sec(7)).size());
        assertEquals(next.activeConnections(1), old.activeConnections(1));
        assertEquals(next.counters(), old.counters());
    }

    @Test
    void aSmallerTableKeepsEstablishedFlowsFirst() {
        fill(600);
        ShardedConnectionTable next = old.rebuild(TableSettings.of(100).withShards(1), sec(6));
        assertEquals(100, next.size());
        int active = 0;
        for (int n = 0; n < 5; n++) {
            active += next.activeConnections(n);
        }
        assertEquals(100, active, "established flows were kept over the others");
        assertEquals(100L, next.counters().get("evictions"), "200 established flows for 100 places");
        assertEquals(400L, next.counters().get("full"), "the 400 others found no room");
    }

    @Test
    void aSmallerTableTakesTheOthersWhereThereIsRoom() {
        fill(600);
        ShardedConnectionTable next = old.rebuild(TableSettings.of(300).withShards(1), sec(6));
        assertEquals(300, next.size());
        int active = 0;
        for (int n = 0; n < 5; n++) {
            active += next.activeConnections(n);
        }
        assertEquals(200, active);
    }
}
