package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.conntrack.internal.Flows.ACK;
import static org.rookery.conntrack.internal.Flows.RST;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rookery.api.conntrack.ConnState;
import org.rookery.api.model.FlowKey;

class ConntrackComponentTest {

    private final ConntrackComponent component = new ConntrackComponent();
    private final TestConfig config = new TestConfig();

    @AfterEach
    void stop() {
        component.deactivate();
    }

    @Test
    void activationBuildsATableFromTheConfiguration() {
        config.capacity = 5000;
        config.shards = 2;
        config.established = 30;
        component.activate(config);
        assertEquals(5000, component.capacity());
        assertEquals(2, component.table().shards());
        assertEquals(30_000, component.table().timeouts().millis(ConnState.ESTABLISHED));
        long now = System.nanoTime();
        assertEquals(3, component.insert(Flows.v4(1).tcpFlags(ACK), 3, now));
        assertEquals(3, component.lookup(Flows.v4(1), now));
        assertEquals(1, component.activeConnections(3));
        assertEquals(1, component.size());
    }

    @Test
    void defaultsMatchTheIssue() {
        component.activate(config);
        ShardedConnectionTable t = component.table();
        assertEquals(1_048_576, t.capacity());
        assertEquals(TableSettings.defaultShards(), t.shards());
        assertEquals(Timeouts.defaults(), t.timeouts());
    }

    @Test
    void newTimeoutsKeepTheTableAndItsFlows() {
        config.capacity = 1000;
        component.activate(config);
        ShardedConnectionTable before = component.table();
        long now = System.nanoTime();
        component.insert(Flows.v4(1).tcpFlags(ACK), 1, now);
        config.established = 60;
        component.modified(config);
        assertSame(before, component.table());
        assertEquals(60_000, component.table().timeouts().millis(ConnState.ESTABLISHED));
        assertEquals(1, component.lookup(Flows.v4(1), now));
    }

    @Test
    void aNewCapacityRebuildsTheTableKeepingFlows() {
        config.capacity = 1000;
        component.activate(config);
        ShardedConnectionTable before = component.table();
        long now = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            component.insert(Flows.mixed(i).tcpFlags(ACK), i % 3, now);
        }
        config.capacity = 2000;
        config.shards = 8;
        component.modified(config);
        assertNotSame(before, component.table());
        assertEquals(2000, component.capacity());
        assertEquals(100, component.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i % 3, component.lookup(Flows.mixed(i), now));
        }
        assertEquals(34, component.activeConnections(0));
    }

    @Test
    void anInvalidConfigurationChangesNothing() {
        config.capacity = 1000;
        component.activate(config);
        ShardedConnectionTable before = component.table();
        config.capacity = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> component.modified(config));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
        assertSame(before, component.table());
        assertEquals(1000, component.capacity());
    }

    @Test
    void theSweeperRemovesExpiredFlows() throws InterruptedException {
        config.capacity = 1000;
        config.close = 1;
        config.expireIntervalMs = 20;
        component.activate(config);
        FlowKey k = Flows.v4(1).tcpFlags(RST);
        component.insert(k, 7, System.nanoTime());
        assertEquals(1, component.inactiveConnections(7));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (component.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, component.size());
        assertEquals(0, component.inactiveConnections(7));
        assertEquals(1L, component.counters().get("expirations"));
    }
}
