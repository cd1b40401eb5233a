package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rookery.api.conntrack.ConnState;

class TableSettingsTest {

    @Test
    void defaultShardsAreAPowerOfTwoAtLeastTwiceTheCoresAndFour() {
        int s = TableSettings.defaultShards();
        assertEquals(1, Integer.bitCount(s));
        assertTrue(s >= 4);
        assertTrue(s >= 2 * Runtime.getRuntime().availableProcessors());
        assertTrue(s < 4 * Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void theConfigurationMapsOntoSettings() {
        TestConfig c = new TestConfig();
        c.capacity = 77;
        c.shards = 16;
        c.maxNodes = 300;
        c.evictEstablished = false;
        c.established = 1;
        c.synRecv = 2;
        c.finWait = 3;
        c.timeWait = 4;
        c.close = 5;
        c.udp = 6;
        TableSettings s = TableSettings.from(c);
        assertEquals(77, s.capacity());
        assertEquals(16, s.shards());
        assertEquals(300, s.maxNodes());
        assertFalse(s.evictEstablished());
        assertEquals(1000, s.timeouts().millis(ConnState.ESTABLISHED));
        assertEquals(2000, s.timeouts().millis(ConnState.SYN_RECV));
        assertEquals(3000, s.timeouts().millis(ConnState.FIN_WAIT));
        assertEquals(4000, s.timeouts().millis(ConnState.TIME_WAIT));
        assertEquals(5000, s.timeouts().millis(ConnState.CLOSE));
        assertEquals(6000, s.timeouts().millis(ConnState.UDP));
        c.shards = 0;
        assertEquals(TableSettings.defaultShards(), TableSettings.from(c).shards());
    }

    @Test
    void invalidValuesAreRejectedWithTheRightRange() {
        TableSettings ok = TableSettings.of(10);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withCapacity(0)).getMessage().contains("1 to"));
        assertThrows(IllegalArgumentException.class, () -> ok.withCapacity(TableSettings.MAX_CAPACITY + 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withShards(3)).getMessage().contains("power of two"));
        assertThrows(IllegalArgumentException.class, () -> ok.withShards(0));
        assertThrows(IllegalArgumentException.class, () -> ok.withMaxNodes(65537));
        assertThrows(NullPointerException.class, () -> ok.withTimeouts(null));
    }

    @Test
    void onlyCapacityAndShardsNeedARebuild() {
        TableSettings s = TableSettings.of(10).withShards(4);
        assertFalse(s.needsRebuild(s.withTimeouts(Timeouts.ofSeconds(1, 1, 1, 1, 1, 1)).withMaxNodes(5)));
        assertTrue(s.needsRebuild(s.withCapacity(11)));
        assertTrue(s.needsRebuild(s.withShards(8)));
    }
}
