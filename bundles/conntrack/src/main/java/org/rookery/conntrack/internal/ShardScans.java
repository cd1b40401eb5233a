package org.rookery.conntrack.internal;

import java.util.List;
import java.util.function.Predicate;

import org.rookery.api.conntrack.Connection;
import org.rookery.api.model.FlowKey;

/**
 * Whole-shard walks. Expiry sweeps, node removal and dumps go in chunks of {@link #CHUNK} slots with
 * the lock released between chunks, so a walk over a million slots never stalls the datapath threads
 * of that shard for more than a few microseconds at a time; a migration holds every lock (see there).
 *
 * <p>A walk that removes a slot looks at the same slot again, since backward shift may have moved the
 * next entry into it. Entries inserted or moved while the lock is released may be seen twice or not at
 * all in this walk; the next one catches them.
 */
final class ShardScans {

    static final int CHUNK = 4096;

    private ShardScans() {
    }

    /** Removes expired flows; returns how many. */
    static int expire(TableShard s, int now) {
        return sweep(s, s.v4, now, -1) + sweep(s, s.v6, now, -1);
    }

    /** Removes every flow of a node, live or not; returns how many. */
    static int removeNode(TableShard s, int node, int now) {
        return sweep(s, s.v4, now, node) + sweep(s, s.v6, now, node);
    }

    private static int sweep(TableShard s, SlotTable t, int now, int node) {
        int removed = 0;
        int pos = 0;
        for (;;) {
            long stamp = s.lock.writeLock();
            try {
                if (s.retired || pos >= t.slots()) {
                    return removed;
                }
                if (node < 0) {
                    s.lastNow = now;
                }
                int end = Math.min(t.slots(), pos + CHUNK);
                while (pos < end) {
                    int m = t.meta(pos);
                    boolean expired = m != SlotMeta.EMPTY && t.expiry(pos) - now <= 0;
                    if (m != SlotMeta.EMPTY && (node < 0 ? expired : SlotMeta.node(m) == node)) {
                        s.drop(t, pos, m);
                        if (node < 0) {
                            s.expirations++;
                        }
                        removed++;
                    } else {
                        pos++;
                    }
                }
            } finally {
                s.lock.unlockWrite(stamp);
            }
        }
    }

    /** Adds live flows accepted by the filter to {@code out} until it holds {@code limit}. */
    static void dump(TableShard s, Predicate<Connection> filter, int limit, int now, List<Connection> out) {
        dump(s, s.v4, filter, limit, now, out);
        dump(s, s.v6, filter, limit, now, out);
    }

    private static void dump(TableShard s, SlotTable t, Predicate<Connection> filter, int limit, int now,
            List<Connection> out) {
        for (int pos = 0; out.size() < limit; ) {
            long stamp = s.lock.readLock();
            try {
                if (s.retired || pos >= t.slots()) {
                    return;
                }
                int end = Math.min(t.slots(), pos + CHUNK);
                for (; pos < end && out.size() < limit; pos++) {
                    int m = t.meta(pos);
                    int left = t.expiry(pos) - now;
                    if (m != SlotMeta.EMPTY && left > 0) {
                        FlowKey key = new FlowKey();
                        t.readKey(pos, key);
                        Connection c = new Connection(key, SlotMeta.node(m), TcpStates.toState(SlotMeta.state(m)),
                                left, Integer.toUnsignedLong(t.packets(pos)));
                        if (filter.test(c)) {
                            out.add(c);
                        }
                    }
                }
            } finally {
                s.lock.unlockRead(stamp);
            }
        }
    }

    /**
     * Copies the live flows of every shard into {@code target} (same origin, so expiries carry over as
     * they are) and retires the shards: calls that reach them afterwards are sent on to the target.
     *
     * <p>All locks are held throughout, so no flow changes between being copied and its shard retiring,
     * and established flows can go first: when the target is smaller they are the ones kept, and the
     * others are copied without evicting any of them (those left out count as {@code full}). Datapath
     * threads wait for the copy, some 300 ms a million flows; a rare operator action.
     */
    static void migrate(TableShard[] shards, ShardedConnectionTable target, int now) {
        FlowKey scratch = new FlowKey();
        long[] stamps = new long[shards.length];
        for (int i = 0; i < shards.length; i++) {
            stamps[i] = shards[i].lock.writeLock();
        }
        try {
            for (boolean established : new boolean[] {true, false}) {
                for (TableShard s : shards) {
                    copy(s.v4, established, target, now, scratch);
                    copy(s.v6, established, target, now, scratch);
                }
            }
            for (TableShard s : shards) {
                s.retired = true;
            }
        } finally {
            for (int i = shards.length - 1; i >= 0; i--) {
                shards[i].lock.unlockWrite(stamps[i]);
            }
        }
    }

    private static void copy(SlotTable t, boolean established, ShardedConnectionTable target, int now, FlowKey scratch) {
        for (int pos = 0; pos < t.slots(); pos++) {
            int m = t.meta(pos);
            if (m != SlotMeta.EMPTY && t.expiry(pos) - now > 0
                    && (SlotMeta.state(m) == TcpStates.ESTABLISHED) == established) {
                t.readKey(pos, scratch);
                target.adopt(scratch, m, t.expiry(pos), t.packets(pos), now, established);
            }
        }
    }
}
