package org.rookery.conntrack.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.rookery.api.conntrack.Connection;
import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;

/**
 * The connection table: flows hashed to shards, each an allocation-free open-addressing table under its
 * own lock (see {@link TableShard}, {@link SlotTable}, {@link TcpStates}, {@link Eviction}).
 *
 * <p>Time: every {@code nowNanos} must come from the clock {@code originNanos} was read from
 * (System.nanoTime or a test clock). Expiries are stored as int milliseconds since the origin and
 * compared with wrap-around arithmetic, which stays right as long as a flow is looked at, swept or
 * evicted within 24 days of expiring; a periodic {@link #expire} (the component runs one) sees to that.
 *
 * <p>Capacity: split evenly over the shards, each a hard bound on its own, so the total never exceeds
 * {@link #capacity()}; a shard may be full (and evict) while the table as a whole is a fraction of a
 * percent below it.
 */
public final class ShardedConnectionTable implements ConnectionTable {

    /** Each thread's scratch for a batch's hashes. */
    private static final ThreadLocal<long[]> HASHES = ThreadLocal.withInitial(() -> new long[64]);

    private final TableShard[] shards;
    private final int mask;
    private final long originNanos;
    private final long seed;
    private final int capacity;
    private volatile Timeouts timeouts;
    private volatile int maxNodes;
    private volatile boolean evictEstablished;
    private volatile ShardedConnectionTable successor;

    /** A table with these settings, measuring time from {@code originNanos}; the hash seed is random. */
    public ShardedConnectionTable(TableSettings settings, long originNanos) {
        this(settings, originNanos, new SecureRandom().nextLong());
    }

    /** A table of this capacity with default settings, measuring time from {@code originNanos}. */
    public ShardedConnectionTable(int capacity, long originNanos) {
        this(TableSettings.of(capacity), originNanos);
    }

    /** With a fixed hash seed, for reproducible tests. */
    ShardedConnectionTable(TableSettings settings, long originNanos, long seed) {
        // More shards than flows would leave shards with no room at all.
        int n = Math.min(settings.shards(), Integer.highestOneBit(settings.capacity()));
        this.shards = new TableShard[n];
        this.mask = n - 1;
        this.originNanos = originNanos;
        this.seed = seed;
        this.capacity = settings.capacity();
        for (int i = 0; i < n; i++) {
            shards[i] = new TableShard(capacity / n + (i < capacity % n ? 1 : 0), seed);
        }
        reconfigure(settings);
    }

    /** Applies the settings that need no rebuild: timeouts (for refreshes from now on), max.nodes, eviction rule. */
    public void reconfigure(TableSettings settings) {
        timeouts = settings.timeouts();
        maxNodes = settings.maxNodes();
        evictEstablished = settings.evictEstablished();
    }

    /**
     * A new table with these settings holding this table's live flows (established ones first if it is
     * smaller); calls still reaching this table afterwards are passed on to it.
     */
    public ShardedConnectionTable rebuild(TableSettings settings, long nowNanos) {
        ShardedConnectionTable next = new ShardedConnectionTable(settings, originNanos);
        successor = next;
        int now = tick(nowNanos);
        ShardScans.migrate(shards, next, now);
        ShardStats.carry(next.shards[0], shards);
        return next;
    }

    /** Stores a copied flow as it was (state, expiry, packets), unless already there; counted as full if no room. */
    void adopt(FlowKey key, int meta, int expiry, int packets, int now, boolean mayEvictEstablished) {
        long h = FlowHash.of(key, seed);
        TableShard s = shards[(int) h & mask];
        long stamp = s.lock.writeLock();
        try {
            s.put(key, h, meta, expiry, packets, now, mayEvictEstablished && evictEstablished);
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /** The table now holding this one's flows: itself, or the last table it was rebuilt into. */
    private ShardedConnectionTable current() {
        ShardedConnectionTable t = this;
        for (ShardedConnectionTable next = t.successor; next != null; next = t.successor) {
            t = next;
        }
        return t;
    }

    private int tick(long nowNanos) {
        return (int) Math.floorDiv(nowNanos - originNanos, 1_000_000L);
    }

    private TableShard shard(long hash) {
        return shards[(int) hash & mask];
    }

    /** Allocation-free: one lock on the flow's shard, a probe, the state step and the refresh. */
    @Override
    public int lookup(FlowKey key, long nowNanos) {
        long h = FlowHash.of(key, seed);
        int r = shard(h).lookup(key, h, tick(nowNanos), timeouts);
        return r != TableShard.RETIRED ? r : successor.lookup(key, nowNanos);
    }

    /** Reads the flow's home slot without the lock, so its cache lines are on their way; allocation-free. */
    @Override
    public void warm(FlowKey key) {
        int family = key.family();
        if (family == IpAddress.V4 || family == IpAddress.V6) { // an empty key has no slot: nothing to warm
            long h = FlowHash.of(key, seed);
            TableShard s = shard(h);
            s.warmed = s.peek(family, h);
        }
    }

    /** See {@link #hashAndWarm}. */
    @Override
    public void warm(FlowKey[] keys, int count) {
        hashAndWarm(keys, count);
    }

    /**
     * Warms and looks up in three passes: hash every key, read every key's home slot ({@link
     * #hashAndWarm}), then look each up with its hash.
     */
    @Override
    public int lookup(FlowKey[] keys, int count, long nowNanos, int[] nodes) {
        long[] hashes = hashAndWarm(keys, count);
        int now = tick(nowNanos);
        Timeouts t = timeouts;
        int found = 0;
        for (int i = 0; i < count; i++) {
            FlowKey k = keys[i];
            int family = k.family();
            int r;
            if (family == IpAddress.V4 || family == IpAddress.V6) {
                long h = hashes[i];
                r = shard(h).lookup(k, h, now, t);
                if (r == TableShard.RETIRED) {
                    r = successor.lookup(k, nowNanos);
                }
            } else {
                r = lookup(k, nowNanos);
            }
            nodes[i] = r;
            if (r != MISS) {
                found++;
            }
        }
        return found;
    }

    /**
     * Hashes every key (arithmetic only), then reads every key's home slot, and returns the hashes. Why
     * two passes rather than a {@link #warm} per key: the slot reads are what wait for memory, and only a
     * loop of a few instructions per read lets the processor have a dozen of them in flight at once; a
     * loop that also hashes holds a handful. The hashes go to a per-thread array, allocated once per
     * thread (again only for a longer batch than before). An empty key keeps hash 0 and warms nothing.
     */
    private long[] hashAndWarm(FlowKey[] keys, int count) {
        long[] hashes = HASHES.get();
        if (hashes.length < count) {
            hashes = new long[count];
            HASHES.set(hashes);
        }
        for (int i = 0; i < count; i++) {
            FlowKey k = keys[i];
            int family = k.family();
            hashes[i] = family == IpAddress.V4 || family == IpAddress.V6 ? FlowHash.of(k, seed) : 0L;
        }
        for (int i = 0; i < count; i++) {
            int family = keys[i].family();
            if (family == IpAddress.V4 || family == IpAddress.V6) {
                long h = hashes[i];
                // kept in the shard, whose line lookups write anyway: a field of this table would be
                // written by every datapath thread beside the fields they all read
                TableShard s = shard(h);
                s.warmed = s.peek(family, h);
            }
        }
        return hashes;
    }

    /** Allocation-free (after IPv6 slots and node counts have grown); evicts by a bounded scan when full. */
    @Override
    public int insert(FlowKey key, int nodeId, long nowNanos) {
        if (nodeId < 0 || nodeId >= maxNodes) {
            throw new IllegalArgumentException("node id " + nodeId + " is out of range; expected 0 to " + (maxNodes - 1));
        }
        long h = FlowHash.of(key, seed);
        int r = shard(h).insert(key, h, nodeId, tick(nowNanos), timeouts, evictEstablished);
        return r != TableShard.RETIRED ? r : successor.insert(key, nodeId, nowNanos);
    }

    /** Deletes by backward shift; an entry already past its timeout counts as not tracked. */
    @Override
    public boolean remove(FlowKey key) {
        long h = FlowHash.of(key, seed);
        int r = shard(h).remove(key, h);
        return r != TableShard.RETIRED ? r == 1 : successor.remove(key);
    }

    /** Walks every shard in chunks, so datapath threads are held up only briefly. */
    @Override
    public int removeNode(int nodeId) {
        int removed = 0;
        for (TableShard s : shards) {
            removed += ShardScans.removeNode(s, nodeId, 0);
        }
        ShardedConnectionTable next = successor;
        return next == null ? removed : removed + next.removeNode(nodeId);
    }

    /** A full sweep, in chunks per shard; lookups and eviction also reclaim expired flows on their own. */
    @Override
    public int expire(long nowNanos) {
        int now = tick(nowNanos);
        int removed = 0;
        for (TableShard s : shards) {
            removed += ShardScans.expire(s, now);
        }
        ShardedConnectionTable next = successor;
        return next == null ? removed : removed + next.expire(nowNanos);
    }

    // The views below follow a rebuild, so a caller still holding this table sees the flows where they are.

    /** Flows stored, expired ones not yet reclaimed included. */
    @Override
    public int size() {
        return successor != null ? current().size() : ShardStats.size(shards);
    }

    /** The configured capacity, split over the shards. */
    @Override
    public int capacity() {
        return successor != null ? current().capacity() : capacity;
    }

    /** Lock-free sum over the shards. */
    @Override
    public int activeConnections(int nodeId) {
        return successor != null ? current().activeConnections(nodeId) : ShardStats.nodeCount(shards, nodeId, true);
    }

    /** Lock-free sum over the shards. */
    @Override
    public int inactiveConnections(int nodeId) {
        return successor != null ? current().inactiveConnections(nodeId) : ShardStats.nodeCount(shards, nodeId, false);
    }

    /** Live flows in shard and slot order; the filter runs under a shard's read lock, so keep it cheap. */
    @Override
    public List<Connection> dump(Predicate<Connection> filter, int limit, long nowNanos) {
        if (successor != null) {
            return current().dump(filter, limit, nowNanos);
        }
        List<Connection> out = new ArrayList<>(Math.min(Math.max(limit, 0), 1024));
        int now = tick(nowNanos);
        for (int i = 0; i < shards.length && out.size() < limit; i++) {
            ShardScans.dump(shards[i], filter, limit, now, out);
        }
        return out;
    }

    /** Counters summed over the shards, carried over a rebuild. */
    @Override
    public Map<String, Long> counters() {
        return successor != null ? current().counters() : ShardStats.counters(shards);
    }

    /** Shards actually used (the configured count, or fewer for a tiny capacity). */
    public int shards() {
        return shards.length;
    }

    /** The per-state timeouts applied on refresh. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** Bytes held by the table's arrays: slots, IPv6 slots grown so far and per-node counts. */
    public long footprintBytes() {
        return ShardStats.footprintBytes(shards);
    }
}
