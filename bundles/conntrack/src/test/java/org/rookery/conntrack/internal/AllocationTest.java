package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;

/** The hot path allocates nothing: lookups, inserts, evictions and state changes after warm-up. */
class AllocationTest {

    private static final int OPS = 1_000_000;

    @Test
    void lookupsAndInsertsAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(50_000).withShards(4), 0, 1);
        FlowKey key = new FlowKey();
        for (int i = 0; i < 10; i++) {
            run(t, key, i);
        }
        long before = mx.getThreadAllocatedBytes(self);
        long sink = run(t, key, 10);
        long allocated = mx.getThreadAllocatedBytes(self) - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + OPS + " operations (" + sink + ")");
        assertTrue(t.counters().get("evictions") > 0, "the run exercised eviction");
    }

    @Test
    void batchLookupsAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(50_000).withShards(4), 0, 1);
        FlowKey[] keys = new FlowKey[32];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new FlowKey();
        }
        int[] nodes = new int[keys.length];
        for (int flow = 0; flow < 40_000; flow++) {
            t.insert(fill(keys[0], flow).tcpFlags(FlowKey.SYN), flow & 1023, 0);
        }
        long sink = 0;
        for (int round = 0; round < 11; round++) {
            long before = mx.getThreadAllocatedBytes(self);
            for (int b = 0; b < OPS / keys.length; b++) {
                for (int i = 0; i < keys.length; i++) {
                    fill(keys[i], (b * keys.length + i) % 50_000).tcpFlags(FlowKey.ACK);
                }
                sink += t.lookup(keys, keys.length, round * 1_000_000_000L, nodes);
            }
            long allocated = mx.getThreadAllocatedBytes(self) - before;
            if (round == 10) { // after ten rounds of warm-up, the JIT has compiled it all
                assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + OPS + " lookups (" + sink + ")");
            }
        }
        assertTrue(sink > 0, "the batches found flows");
    }

    /** Half lookups of live flows (with state changes), half inserts of new flows, IPv4 and IPv6. */
    private static long run(ShardedConnectionTable t, FlowKey key, int round) {
        long sink = 0;
        long now = round * 1_000_000_000L;
        for (int i = 0; i < OPS / 2; i++) {
            int flow = round * (OPS / 2) + i;
            fill(key, flow).tcpFlags(FlowKey.SYN);
            sink += t.insert(key, flow & 1023, now);
            fill(key, flow - (i & 4095)).tcpFlags((i & 1) == 0 ? FlowKey.ACK : FlowKey.FIN);
            sink += t.lookup(key, now);
        }
        return sink;
    }

    private static FlowKey fill(FlowKey key, int flow) {
        if ((flow & 1) == 0) {
            return key.setV4(6, flow, 0x0A000001, flow & 0xFFFF, 80);
        }
        return key.setV6(6, 0x20010DB8_00000000L, flow, 0x20010DB8_00000000L, 1, flow & 0xFFFF, 443);
    }
}
