package org.rookery.conntrack.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sums over shards: sizes, per-node counts, counters and memory, each shard read under its own lock. */
final class ShardStats {

    private static final String[] COUNTERS = {"lookups", "hits", "inserts", "evictions", "expirations", "full"};

    private ShardStats() {
    }

    static int size(TableShard[] shards) {
        int n = 0;
        for (TableShard s : shards) {
            long stamp = s.lock.readLock();
            n += s.v4.count + s.v6.count;
            s.lock.unlockRead(stamp);
        }
        return n;
    }

    /** Lock-free: node counts are read with opaque loads, so a policy can call this per new flow. */
    static int nodeCount(TableShard[] shards, int node, boolean active) {
        int n = 0;
        for (TableShard s : shards) {
            n += active ? s.nodes.active(node) : s.nodes.inactive(node);
        }
        return n;
    }

    static Map<String, Long> counters(TableShard[] shards) {
        long[] c = new long[COUNTERS.length];
        for (TableShard s : shards) {
            long stamp = s.lock.readLock();
            c[0] += s.lookups;
            c[1] += s.hits;
            c[2] += s.inserts;
            c[3] += s.evictions;
            c[4] += s.expirations;
            c[5] += s.full;
            s.lock.unlockRead(stamp);
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < COUNTERS.length; i++) {
            m.put(COUNTERS[i], c[i]);
        }
        return m;
    }

    /** Adds the counters of retired shards to a live one, so counters run on across a rebuild. */
    static void carry(TableShard into, TableShard[] from) {
        long stamp = into.lock.writeLock();
        try {
            for (TableShard o : from) {
                into.lookups += o.lookups;
                into.hits += o.hits;
                into.inserts += o.inserts;
                into.evictions += o.evictions;
                into.expirations += o.expirations;
                into.full += o.full;
            }
        } finally {
            into.lock.unlockWrite(stamp);
        }
    }

    static long footprintBytes(TableShard[] shards) {
        long b = 0;
        for (TableShard s : shards) {
            long stamp = s.lock.readLock();
            b += s.footprintBytes();
            s.lock.unlockRead(stamp);
        }
        return b;
    }
}
