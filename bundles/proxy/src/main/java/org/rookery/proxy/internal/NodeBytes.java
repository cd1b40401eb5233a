package org.rookery.proxy.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.Node;

/**
 * Bytes relayed per node, by node key ({@code pool/name}, not the dispatcher's id, which a new node
 * may reuse). A connection counts its own bytes in plain fields and adds them here when it closes and
 * when a scrape asks ({@link ProxyEngine#nodeTraffic}), so a read costs no atomic operation.
 */
final class NodeBytes {

    /** One node's totals. */
    static final class Counter {
        private final LongAdder in = new LongAdder();
        private final LongAdder out = new LongAdder();

        /** Adds bytes relayed to the node ({@code in}) and from it ({@code out}). */
        void add(long toNode, long fromNode) {
            if (toNode != 0) {
                in.add(toNode);
            }
            if (fromNode != 0) {
                out.add(fromNode);
            }
        }
    }

    /**
     * One connection's or session's bytes to and from its node, added to the node's {@link Counter} at
     * each {@link #flush}: plain fields, written and flushed on the connection's event loop only.
     */
    static final class Tally {
        private Counter node;
        private long toNode;
        private long fromNode;
        private long flushedTo;
        private long flushedFrom;

        /** The node the bytes are counted for, once it is known. */
        void node(Counter counter) {
            node = counter;
        }

        /** Counts bytes sent to the node. */
        void toNode(long bytes) {
            toNode += bytes;
        }

        /** Counts bytes read from the node. */
        void fromNode(long bytes) {
            fromNode += bytes;
        }

        /** Adds the bytes counted since the last flush to the node's totals (none before the node is known). */
        void flush() {
            if (node != null) {
                node.add(toNode - flushedTo, fromNode - flushedFrom);
                flushedTo = toNode;
                flushedFrom = fromNode;
            }
        }
    }

    private final Map<String, Counter> byNode = new ConcurrentHashMap<>();

    /** The totals of a node, made on first use (once per connection, not per read). */
    Counter of(Node node) {
        return byNode.computeIfAbsent(node.key(), k -> new Counter());
    }

    /** Every node's totals so far, by key. */
    Map<String, NodeTraffic> snapshot() {
        Map<String, NodeTraffic> m = new TreeMap<>();
        byNode.forEach((k, c) -> m.put(k, new NodeTraffic(c.in.sum(), c.out.sum())));
        return m;
    }
}
