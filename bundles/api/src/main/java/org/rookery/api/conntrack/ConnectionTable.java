package org.rookery.api.conntrack;

import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;
import org.rookery.api.model.FlowKey;

/**
 * The connection table: flow key to node id, with TCP state from flags, timeouts, a hard capacity and
 * per-node connection counts. {@link #lookup} and {@link #insert} are the hot path: allocation-free and
 * safe on several datapath threads without a global lock.
 */
@ProviderType
public interface ConnectionTable {

    /** Returned by {@link #lookup} when the flow is not tracked. */
    int MISS = -1;

    /**
     * Looks a flow up; on a hit, advances its state from the key's TCP flags, refreshes its timeout and
     * counts the packet.
     *
     * @return the node id, or {@link #MISS}
     */
    int lookup(FlowKey key, long nowNanos);

    /**
     * Starts fetching a flow's entry into the cache, ahead of its {@link #lookup}. A hint: it changes
     * nothing in the table and may do nothing. Why: on a table larger than the cache every lookup waits
     * for memory; a datapath that warms a batch of flows first and then looks each up has the batch's
     * fetches overlap instead of waiting for them one after another.
     */
    default void warm(FlowKey key) {
    }

    /**
     * Warms the first {@code count} flows of a batch, as {@link #warm} does each; a table may do it
     * faster than one call per flow (all fetches first in a tight loop). Allocation-free.
     */
    default void warm(FlowKey[] keys, int count) {
        for (int i = 0; i < count; i++) {
            warm(keys[i]);
        }
    }

    /**
     * Looks up {@code count} flows, each as {@link #lookup} would, after warming them all: writes each
     * one's node id or {@link #MISS} to {@code nodes[i]}. Allocation-free.
     *
     * @return how many were found
     */
    default int lookup(FlowKey[] keys, int count, long nowNanos, int[] nodes) {
        warm(keys, count);
        int found = 0;
        for (int i = 0; i < count; i++) {
            int node = lookup(keys[i], nowNanos);
            nodes[i] = node;
            if (node != MISS) {
                found++;
            }
        }
        return found;
    }

    /**
     * Tracks a new flow on a node. When the table is full, the oldest non-established flow is evicted
     * first (counted). If another thread inserted the same flow meanwhile, that entry wins.
     *
     * @return the node id now stored for the flow, or {@link #MISS} when nothing could be evicted
     */
    int insert(FlowKey key, int nodeId, long nowNanos);

    /** Forgets a flow (e.g. a proxied connection closed). @return true when it was tracked */
    boolean remove(FlowKey key);

    /** Forgets every flow of a node (e.g. the node was deleted). @return how many were removed */
    int removeNode(int nodeId);

    /** Removes flows whose timeout has passed. @return how many expired */
    int expire(long nowNanos);

    /** Flows tracked now. */
    int size();

    /** The hard bound on tracked flows. */
    int capacity();

    /** Established flows of a node, live. */
    int activeConnections(int nodeId);

    /** Non-established flows of a node, live. */
    int inactiveConnections(int nodeId);

    /** Snapshots of tracked flows accepted by the filter, at most {@code limit}. */
    java.util.List<Connection> dump(Predicate<Connection> filter, int limit, long nowNanos);

    /** Counters: {@code lookups}, {@code hits}, {@code inserts}, {@code evictions}, {@code expirations}, {@code full}. */
    java.util.Map<String, Long> counters();
}
