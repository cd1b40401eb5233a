package org.rookery.capture.internal;

import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.Node;
import org.rookery.api.model.VirtualService;
import org.rookery.packet.PacketView;
import org.rookery.packet.Reason;

/**
 * One frame's way through the front-end (DESIGN.md steps 2 to 6): parse the flow key in place, ask
 * the dispatcher, rewrite for the forwarding method of the flow's service. Replay drives it over a
 * file, the live datapath over libpcap; in steady state it allocates nothing. One per thread.
 */
final class FrameStep {

    /** From {@link #forward}: the decided node is no longer in the forwarding table (deleted meanwhile). */
    static final int NODE_GONE = -100;

    private final PacketView view = new PacketView();
    private final FlowKey key = new FlowKey();
    private final FrameForwarder forwarder = new FrameForwarder();
    private final Dispatcher dispatcher;
    private volatile ForwardingTable table;
    private VirtualService service;
    private ForwardingMethod method = ForwardingMethod.DR;
    private int nodeId = Dispatcher.LOCAL;

    /** A step over a dispatcher and the forwarding table of its configuration. */
    FrameStep(Dispatcher dispatcher, ForwardingTable table) {
        this.dispatcher = dispatcher;
        this.table = table;
    }

    /** Swaps in the table of a new configuration (the live datapath, on a cluster change). */
    void table(ForwardingTable next) {
        table = next;
    }

    /**
     * Parses the frame {@code buf[off, off+len)} and finds its service; returns {@link Reason#OK} or
     * why the frame cannot be decided. {@code ingress} is the capturing interface, or null.
     */
    int parse(byte[] buf, int off, int len, String ingress) {
        int r = view.wrap(buf, off, len).parse(key);
        if (r == Reason.OK) {
            key.ingress(ingress);
            service = table.serviceOf(key);
            // traffic of no service (a rule's or the port space's verdict) goes by direct routing, which needs only a MAC
            method = service == null ? ForwardingMethod.DR : service.method();
        } else {
            service = null;
            method = ForwardingMethod.DR;
        }
        return r;
    }

    /** Decides the parsed flow: a node id, or a negative {@link Dispatcher} verdict code. */
    int decide(long nowNanos) {
        nodeId = dispatcher.decide(key, nowNanos);
        return nodeId;
    }

    /**
     * Rewrites the frame for the decided node: the length of the frame to send (in place for dr and
     * nat, in {@code out} for tun, see {@link FrameForwarder#inPlace}), {@link FrameForwarder#NOT_FORWARDED}
     * for a proxy service, {@link #NODE_GONE}, or a negative {@link Reason}.
     */
    int forward(byte[] out) {
        ForwardingTable t = table;
        Node node = t.node(nodeId);
        if (node == null) {
            return NODE_GONE;
        }
        return forward(out, node, t.mac(nodeId));
    }

    /** As {@link #forward(byte[])} to a node and MAC the caller resolved (the live datapath's neighbour table). */
    int forward(byte[] out, Node node, long mac) {
        return forwarder.forward(view, method, node, mac, out, serviceFlow());
    }

    /** The node the last decision named, from the forwarding table, or null when it is gone. */
    Node node() {
        return table.node(nodeId);
    }

    /** The dispatcher id the last decision named. */
    int nodeId() {
        return nodeId;
    }

    /** True when the last frame parsed is of its service's ports (not a port-space flow on the same VIP). */
    boolean serviceFlow() {
        return service != null && service.matches(key);
    }

    /** The view over the last frame. */
    PacketView view() {
        return view;
    }

    /** The key of the last frame parsed. */
    FlowKey key() {
        return key;
    }

    /** The service of the last frame parsed, or null. */
    VirtualService service() {
        return service;
    }

    /** The forwarding method of the last frame parsed. */
    ForwardingMethod method() {
        return method;
    }
}
