package org.rookery.conntrack.internal;

import java.util.Objects;

/**
 * The settings a {@link ShardedConnectionTable} is built with: the configuration as plain values, so
 * tests and benchmarks can build a table without Config Admin.
 *
 * @param capacity hard bound on tracked flows, 1 to {@link #MAX_CAPACITY}
 * @param shards lock shards, a power of two from 1 to 1024 (fewer are used when the capacity is smaller)
 * @param maxNodes node ids accepted are 0 to maxNodes - 1, at most 65536
 * @param evictEstablished whether a new flow may evict an established one when nothing else is near
 * @param timeouts per-state timeouts
 */
public record TableSettings(int capacity, int shards, int maxNodes, boolean evictEstablished, Timeouts timeouts) {

    /** Largest capacity: keeps every shard's slot arrays indexable by int. */
    public static final int MAX_CAPACITY = 1 << 26;
    /** Node ids are stored in 16 bits. */
    public static final int MAX_NODES = 1 << 16;

    /** Validates every value and says what would be right. */
    public TableSettings {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity is " + capacity + "; expected 1 to " + MAX_CAPACITY);
        }
        if (shards < 1 || shards > 1024 || Integer.bitCount(shards) != 1) {
            throw new IllegalArgumentException("shards is " + shards + "; expected a power of two from 1 to 1024");
        }
        if (maxNodes < 1 || maxNodes > MAX_NODES) {
            throw new IllegalArgumentException("max.nodes is " + maxNodes + "; expected 1 to " + MAX_NODES);
        }
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** Defaults (default shards, all node ids, IPVS timeouts) with the given capacity. */
    public static TableSettings of(int capacity) {
        return new TableSettings(capacity, defaultShards(), MAX_NODES, true, Timeouts.defaults());
    }

    /** The next power of two at or above twice the available cores, at least 4. */
    public static int defaultShards() {
        int wanted = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        return Math.min(1024, Integer.highestOneBit(wanted - 1) << 1);
    }

    /** Settings from the component configuration; a shards value of 0 means {@link #defaultShards()}. */
    public static TableSettings from(ConntrackConfig c) {
        return new TableSettings(c.capacity(), c.shards() == 0 ? defaultShards() : c.shards(), c.max_nodes(),
                c.evict_established(), Timeouts.ofSeconds(c.tcp_established(), c.tcp_synrecv(), c.tcp_finwait(),
                        c.tcp_timewait(), c.tcp_close(), c.udp()));
    }

    /** A copy with another capacity. */
    public TableSettings withCapacity(int newCapacity) {
        return new TableSettings(newCapacity, shards, maxNodes, evictEstablished, timeouts);
    }

    /** A copy with another shard count. */
    public TableSettings withShards(int newShards) {
        return new TableSettings(capacity, newShards, maxNodes, evictEstablished, timeouts);
    }

    /** A copy with other timeouts. */
    public TableSettings withTimeouts(Timeouts newTimeouts) {
        return new TableSettings(capacity, shards, maxNodes, evictEstablished, newTimeouts);
    }

    /** A copy with another eviction rule for established flows. */
    public TableSettings withEvictEstablished(boolean evict) {
        return new TableSettings(capacity, shards, maxNodes, evict, timeouts);
    }

    /** A copy with another node id bound. */
    public TableSettings withMaxNodes(int newMaxNodes) {
        return new TableSettings(capacity, shards, newMaxNodes, evictEstablished, timeouts);
    }

    /** True when a table built with these settings needs rebuilding to take {@code other}. */
    public boolean needsRebuild(TableSettings other) {
        return capacity != other.capacity || shards != other.shards;
    }
}
