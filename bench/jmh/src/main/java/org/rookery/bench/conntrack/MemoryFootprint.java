package org.rookery.bench.conntrack;

import java.lang.ref.Reference;

import org.rookery.api.model.FlowKey;
import org.rookery.conntrack.internal.ShardedConnectionTable;

/**
 * Memory per tracked flow at a million flows, two ways: from the table's own array sizes, and as the
 * heap growth (after full GCs) from building and filling the table.
 */
public final class MemoryFootprint {

    private MemoryFootprint() {
    }

    /** Prints bytes per flow for a full table of IPv4 flows and one of IPv6 flows. */
    public static void main(String[] args) throws InterruptedException {
        measure("IPv4", false);
        measure("IPv6", true);
    }

    private static void measure(String family, boolean v6) throws InterruptedException {
        int n = Fixture.MILLION;
        long before = usedAfterGc();
        ShardedConnectionTable t = Fixture.table(n);
        FlowKey k = new FlowKey();
        // Insert beyond capacity so that every shard is full, as a long-running table would be.
        for (int i = 0; i < n + n / 8; i++) {
            if (v6) {
                k.setV6(6, 0x20010DB8_00000000L, i, 0x20010DB8_00000000L, 1, 1024 + (i & 0x7FFF), 443);
            } else {
                Fixture.sequential(k, i);
            }
            t.insert(k.tcpFlags(FlowKey.ACK), i & 255, 0);
        }
        long heap = usedAfterGc() - before;
        System.out.printf("%s: %,d flows in a table of capacity %,d (%d shards): arrays %.1f bytes/flow,"
                + " heap growth %.1f bytes/flow%n", family, t.size(), t.capacity(), t.shards(),
                (double) t.footprintBytes() / t.size(), (double) heap / t.size());
        Reference.reachabilityFence(t);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
