package org.rookery.api.cluster;

import org.osgi.annotation.versioning.ProviderType;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Node;

/**
 * The one decision every datapath asks for: connection table first, then the classification chain,
 * then the pool's policy. {@link #decide} is the hot path: allocation-free and thread-safe.
 */
@ProviderType
public interface Dispatcher {

    /** Verdict code: drop the packet or refuse the connection. */
    int DROP = -1;
    /** Verdict code: not ours, let the host have it. */
    int LOCAL = -2;
    /** Verdict code: the pool has no usable node (counted per pool). */
    int NO_NODE = -3;

    /**
     * Decides where a flow goes, tracking it when new.
     *
     * @param key the flow; for TCP its flags advance the tracked state
     * @param nowNanos the datapath's clock ({@link System#nanoTime()})
     * @return a node id ({@code >= 0}) to pass to {@link #node}, or one of the negative verdict codes
     */
    int decide(FlowKey key, long nowNanos);

    /**
     * A hint ahead of {@link #decide} for a flow, for a datapath that has a batch of frames in hand:
     * starts fetching the flow's tracking entry into the cache (see {@code ConnectionTable.warm}).
     * Changes nothing; may do nothing.
     */
    default void warm(FlowKey key) {
    }

    /** Warms the first {@code count} flows of a batch, as {@link #warm(FlowKey)} does each; allocation-free. */
    default void warm(FlowKey[] keys, int count) {
        for (int i = 0; i < count; i++) {
            warm(keys[i]);
        }
    }

    /** The node behind an id returned by {@link #decide}, or null when it has since been deleted. */
    Node node(int nodeId);

    /** Tells the dispatcher a tracked flow ended (a proxied connection closed), so it is forgotten at once. */
    void closed(FlowKey key);

    /** Counts a datapath drop by reason (e.g. {@code truncated}, {@code bad-checksum}) for {@code stats}. */
    void countDrop(String reason);
}
