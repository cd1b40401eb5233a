package org.rookery.capture.internal;

import java.util.List;

import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Node;
import org.rookery.api.model.VirtualService;
import org.rookery.packet.Macs;

/**
 * What forwarding needs per node and per service, resolved once per configuration (MACs parsed,
 * nodes indexed by the dispatcher's id) so that the per-frame step only reads arrays. Immutable: a
 * datapath swaps in a new table when the cluster changes.
 */
final class ForwardingTable {

    /** Locally administered prefix of the MACs made up for nodes without one: 02:00:00:00:00:00. */
    static final long MADE_UP_MAC = 0x02_00_00_00_00_00L;

    private final Node[] nodes;
    private final long[] macs;
    private final boolean[] madeUp;
    private final VirtualService[] services;

    private ForwardingTable(Node[] nodes, long[] macs, boolean[] madeUp, VirtualService[] services) {
        this.nodes = nodes;
        this.macs = macs;
        this.madeUp = madeUp;
        this.services = services;
    }

    /** A table over the nodes (with their dispatcher ids) and services of one configuration. */
    static ForwardingTable of(List<NodeStatus> nodeStatus, List<VirtualService> services) {
        int size = nodeStatus.stream().mapToInt(NodeStatus::id).max().orElse(-1) + 1;
        Node[] nodes = new Node[size];
        long[] macs = new long[size];
        boolean[] madeUp = new boolean[size];
        for (NodeStatus s : nodeStatus) {
            int id = s.id();
            nodes[id] = s.node();
            madeUp[id] = s.node().mac() == null;
            // 02:00:00:00:00:NN from the id, so that frames for different nodes stay apart in a capture
            macs[id] = madeUp[id] ? MADE_UP_MAC | (id + 1L) : Macs.parse(s.node().mac());
        }
        return new ForwardingTable(nodes, macs, madeUp, services.toArray(new VirtualService[0]));
    }

    /** The node behind a dispatcher id, or null. */
    Node node(int id) {
        return id >= 0 && id < nodes.length ? nodes[id] : null;
    }

    /** One past the highest node id in the table. */
    int size() {
        return nodes.length;
    }

    /** The MAC frames for the node carry (48 bits in a long). */
    long mac(int id) {
        return macs[id];
    }

    /** True when the node has no MAC configured and {@link #mac} was made up from its id. */
    boolean madeUpMac(int id) {
        return madeUp[id];
    }

    /**
     * The service a flow belongs to: the one it matches, else the first on the same VIP (a private
     * port-space flow, a rule's verdict), else null. Allocation-free.
     */
    VirtualService serviceOf(FlowKey key) {
        VirtualService sameVip = null;
        for (VirtualService s : services) {
            if (s.matches(key)) {
                return s;
            }
            if (sameVip == null && key.family() == s.vip().family() && key.dstHi() == s.vip().hi() && key.dstLo() == s.vip().lo()) {
                sameVip = s;
            }
        }
        return sameVip;
    }
}
