package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Memory per flow by construction (the benchmark also measures it on the heap). */
class FootprintTest {

    @Test
    void aMillionIpv4FlowsTakeAtMost64BytesEach() {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(1 << 20).withShards(4), 0, 1);
        double perFlow = (double) t.footprintBytes() / t.capacity();
        assertTrue(perFlow <= 40, "bytes per flow " + perFlow);
        assertTrue(perFlow >= 36, "the slot arrays are all there: " + perFlow);
    }

    @Test
    void ipv6SlotsGrowWithUse() {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(10_000).withShards(1), 0, 1);
        long empty = t.footprintBytes();
        for (int i = 0; i < 10_000; i++) {
            t.insert(Flows.v6(i), 1, 0);
        }
        long full = t.footprintBytes();
        assertEquals(10_000, t.size());
        assertEquals(15_001L * 48, full - empty + 64 * 48, "IPv6 slots at the 2/3 load bound");
    }
}
