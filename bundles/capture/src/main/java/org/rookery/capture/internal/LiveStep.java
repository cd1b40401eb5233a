package org.rookery.capture.internal;

import java.nio.ByteBuffer;

import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.packet.Bytes;
import org.rookery.packet.PacketView;
import org.rookery.packet.Reason;
import org.rookery.packet.Rewriter;

/**
 * One captured frame's way through the live datapath of an interface, for one worker thread:
 * <ul>
 * <li>ARP: learn the sender; answer a request for a VIP the interface owns with its MAC.</li>
 * <li>A frame to a VIP: parse, ask the dispatcher ({@link FrameStep}), rewrite for the service's
 * method (dr: node MAC; nat: node address and port; tun: IP-in-IP to the node) and send it out of
 * the same interface, from the interface's MAC.</li>
 * <li>NAT, a frame from a node: a reply from a service port, or the node's own connection from its
 * port-space slice, gets the VIP (and service port) as source and goes to the destination's next hop.</li>
 * <li>Anything else is left alone (the kernel has its own copy); a bad frame is a counted drop.</li>
 * </ul>
 * MACs come from the node's configuration, else the interface's {@link Neighbours}; an unknown one
 * costs the frame (counted) and sends an ARP request. Each frame's time from its arrival to its hand-over
 * to the port (or its drop) goes to the worker's {@link FrameMeters}; a frame is counted as sent
 * (forwarded, nat-out, ARP), with its bytes to or from its node, or as refused (send-failed) when the
 * port tells its outcome ({@link FramePort.Outcomes}), which a batching port does when the batch goes
 * out. A batching port shows the worker each fetched batch first ({@link #ahead}), and the flows of the
 * batch's frames to a VIP are warmed in the connection table together ({@link #shown}) before the first
 * is handled. Nothing is allocated per frame.
 */
final class LiveStep implements FramePort.Outcomes, FramePort.Ahead {

    private static final long ARP_RETRY_NANOS = 500_000_000L;
    /** A send's tag: the counter of a sent frame in the low bits, its node slot plus one above (0: none). */
    private static final int TAG_COUNTER_BITS = 5;
    private static final int TAG_COUNTER_MASK = (1 << TAG_COUNTER_BITS) - 1;
    private static final int ARP_MEMORY = 16;
    private static final int AHEAD_KEYS = 64;
    private static final int ETHERNET = 14;
    private static final int VLAN = 0x8100;
    private static final int IPV4 = 0x0800;
    private static final int FRAGMENT_OFFSET = 0x1FFF;
    private static final int TCP = 6;
    private static final int UDP = 17;

    private final FrameStep step;
    private final Dispatcher dispatcher;
    /** The flows of the batch being shown, warmed together when it has all been shown. */
    private final FlowKey[] aheadKeys = newKeys(AHEAD_KEYS);
    private int aheadCount;
    private final Neighbours neighbours;
    private final CaptureCounters counters;
    private final byte[] out;
    private final byte[] arp = new byte[Arp.LENGTH];
    private final int[] askedIp = new int[ARP_MEMORY];
    private final long[] askedAt = new long[ARP_MEMORY];
    private final FrameMeters meters;
    private InterfaceTable table;
    /** The node slot ({@link NodeSlots}) of each dispatcher node id of the table. */
    private int[] slotOfId;
    /** The last counter this frame counted: its outcome. */
    private int outcome;

    /** A step over the dispatcher, with the interface's neighbours and counters; {@code outSize} bounds a tunnelled frame. */
    LiveStep(Dispatcher dispatcher, InterfaceTable table, Neighbours neighbours, CaptureCounters counters, int outSize) {
        this.step = new FrameStep(dispatcher, table.forwarding);
        this.dispatcher = dispatcher;
        this.table = table;
        this.neighbours = neighbours;
        this.counters = counters;
        this.out = new byte[outSize];
        this.meters = counters.newWorker();
        this.slotOfId = slots(table, counters.nodes, meters);
    }

    /** Swaps in a new configuration. */
    void table(InterfaceTable next) {
        slotOfId = slots(next, counters.nodes, meters);
        table = next;
        step.table(next.forwarding);
    }

    /** The node slot of each node id of the table, with room for them in the worker's meters. */
    private static int[] slots(InterfaceTable t, NodeSlots nodes, FrameMeters meters) {
        ForwardingTable f = t.forwarding;
        int[] slots = new int[f.size()];
        int max = 0;
        for (int id = 0; id < slots.length; id++) {
            Node n = f.node(id);
            slots[id] = n == null ? -1 : nodes.slot(n.key());
            max = Math.max(max, slots[id] + 1);
        }
        meters.ensure(max);
        return slots;
    }

    private int slotOf(int nodeId) {
        int[] s = slotOfId;
        return nodeId >= 0 && nodeId < s.length ? s[nodeId] : -1;
    }

    /** Announces the VIPs (gratuitous ARP) and asks for the MACs of nodes without one; on a new configuration. */
    void announce(FramePort port, long now) {
        InterfaceTable t = table;
        if (t.ownIp == 0) {
            return;
        }
        for (int vip : t.vips()) {
            if (t.isLocal(vip)) {
                continue;
            }
            send(port, arp, Arp.announce(arp, t.ownMac, vip), CaptureCounters.ARP_SENT, -1);
        }
        ForwardingTable f = t.forwarding;
        for (int id = 0; id < f.size(); id++) {
            Node n = f.node(id);
            if (n == null) {
                continue;
            }
            if (t.nodeMac(id) == InterfaceTable.NO_MAC && n.address().isV4()) {
                int hop = nextHop(t, (int) n.address().lo());
                if (hop != Routes.NO_ROUTE && neighbours.lookup(hop, now) == Neighbours.UNKNOWN) {
                    ask(port, t, hop, now);
                }
            }
        }
    }

    /**
     * Handles the frame {@code buf[0, len)}, {@code wireLength} long on the wire, at {@code now}
     * (nanoTime, taken as the frame arrived); what it sends goes through {@code port}. Never throws
     * for a bad frame. The time recorded is from the arrival to the frame's hand-over to the port
     * (queued in its batch, or sent by a port that does not batch) or its drop: the wait in a batch,
     * at most until the port's next read finds nothing, is not in it.
     */
    void process(byte[] buf, int len, int wireLength, long now, FramePort port) {
        outcome = CaptureCounters.FRAMES;
        handle(buf, len, wireLength, now, port);
        meters.latency.record(latencySlot(), System.nanoTime() - now); // the one clock read a frame adds
    }

    /**
     * Keeps the flow of a fetched frame to a VIP, to be warmed with the batch's others: IPv4 TCP or UDP,
     * untagged or with one 802.1Q tag, not a later fragment. Reads only what it bounds-checks and never
     * throws: a frame it cannot read is skipped here and judged when handled.
     */
    @Override
    public void ahead(ByteBuffer f, int at, int len) {
        if (len < ETHERNET + 20 + 4) {
            return;
        }
        int l3 = ETHERNET;
        int type = f.getShort(at + 12) & 0xFFFF;
        if (type == VLAN) {
            l3 = ETHERNET + 4;
            if (len < l3 + 20 + 4) {
                return;
            }
            type = f.getShort(at + 16) & 0xFFFF;
        }
        if (type != IPV4) {
            return;
        }
        int ip = at + l3;
        int versionAndLength = f.get(ip) & 0xFF;
        int headerLength = (versionAndLength & 0x0F) * 4;
        int proto = f.get(ip + 9);
        if (versionAndLength >>> 4 != 4 || headerLength < 20 || len < l3 + headerLength + 4
                || (f.getShort(ip + 6) & FRAGMENT_OFFSET) != 0 || (proto != TCP && proto != UDP)) {
            return;
        }
        int dst = f.getInt(ip + 16);
        if (!table.isVip(dst)) {
            return;
        }
        int ports = f.getInt(ip + headerLength);
        if (aheadCount == aheadKeys.length) {
            shown(); // a batch longer than the keys kept: warm these, then go on
        }
        aheadKeys[aheadCount++].setV4(proto, f.getInt(ip + 12), dst, ports >>> 16, ports & 0xFFFF);
    }

    /** Warms the flows of the batch just shown, all at once: their memory fetches overlap. */
    @Override
    public void shown() {
        if (aheadCount > 0) {
            dispatcher.warm(aheadKeys, aheadCount);
            aheadCount = 0;
        }
    }

    private static FlowKey[] newKeys(int n) {
        FlowKey[] keys = new FlowKey[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new FlowKey();
        }
        return keys;
    }

    /** The port took a frame: counts it, and its bytes for its node. */
    @Override
    public void sent(int tag, int len) {
        int counter = tag & TAG_COUNTER_MASK;
        counters.count(counter);
        int slot = (tag >>> TAG_COUNTER_BITS) - 1;
        if (slot >= 0) {
            if (counter == CaptureCounters.NAT_OUT) {
                meters.fromNode(slot, len);
            } else {
                meters.toNode(slot, len);
            }
        }
    }

    /** The port refused a frame: a send-failed drop. */
    @Override
    public void refused(int tag, int len) {
        counters.count(CaptureCounters.SEND_FAILED);
    }

    /** The latency slot of the frame just handled, from the last counter it counted. */
    private int latencySlot() {
        int o = outcome;
        if (o == CaptureCounters.FORWARDED) {
            return FrameMeters.slotOf(step.method());
        }
        if (o == CaptureCounters.NAT_OUT) {
            return FrameMeters.NAT_OUT;
        }
        if (o == CaptureCounters.VERDICT_DROP || o == CaptureCounters.NO_NODE || o >= CaptureCounters.NO_NEIGHBOUR) {
            return FrameMeters.DROP;
        }
        return FrameMeters.OTHER;
    }

    /** Counts an outcome, which becomes the frame's. */
    private void count(int slot) {
        counters.count(slot);
        outcome = slot;
    }

    /** Counts a parse drop, which becomes the frame's outcome. */
    private void parseDrop(int reason) {
        counters.parseDrop(reason);
        outcome = CaptureCounters.PARSE_DROP;
    }

    private void handle(byte[] buf, int len, int wireLength, long now, FramePort port) {
        counters.count(CaptureCounters.FRAMES);
        InterfaceTable t = table;
        if (wireLength > len || len > t.mtu + 18) {
            count(CaptureCounters.OVERSIZE); // cut by the snap length, or a GRO super-frame
            return;
        }
        if (Arp.is(buf, len)) {
            arp(buf, t, port, now);
            return;
        }
        int r = step.parse(buf, 0, len, t.iface);
        if (r != Reason.OK) {
            parseDrop(r);
            return;
        }
        PacketView v = step.view();
        if (v.ipVersion() != 4) {
            count(CaptureCounters.PASSED);
            return;
        }
        int l3 = v.l3Offset();
        int dst = Bytes.i32(buf, l3 + 16);
        if (t.isVip(dst)) { // a client's frame, or an ICMP error about a reply from the VIP
            neighbours.learn(Bytes.i32(buf, l3 + 12), Bytes.u48(buf, 6), now);
            toNode(buf, t, now, port);
        } else if (t.hasNatNodes() && !t.isLocal(dst)) {
            fromNode(buf, t, now, port);
        } else {
            count(CaptureCounters.PASSED);
        }
    }

    private void arp(byte[] buf, InterfaceTable t, FramePort port, long now) {
        int sender = Arp.senderIp(buf);
        neighbours.learn(sender, Arp.senderMac(buf), now);
        int target = Arp.targetIp(buf);
        // a VIP the host holds is the kernel's to answer for
        if (Arp.operation(buf) == Arp.REQUEST && sender != target && t.isVip(target) && !t.isLocal(target)) {
            send(port, arp, Arp.write(arp, Arp.REPLY, t.ownMac, target, Arp.senderMac(buf), sender), CaptureCounters.ARP_REPLIES, -1);
        }
    }

    private void toNode(byte[] buf, InterfaceTable t, long now, FramePort port) {
        int id = step.decide(now);
        switch (id) {
            case Dispatcher.LOCAL -> count(CaptureCounters.LOCAL);
            case Dispatcher.DROP -> count(CaptureCounters.VERDICT_DROP);
            case Dispatcher.NO_NODE -> count(CaptureCounters.NO_NODE);
            default -> {
                Node node = step.node();
                if (node == null) {
                    count(CaptureCounters.NODE_GONE);
                    return;
                }
                long mac = t.nodeMac(id);
                if (mac == InterfaceTable.NO_MAC) {
                    mac = neighbourOf(port, t, node.address(), now);
                    if (mac == Neighbours.UNKNOWN) {
                        return;
                    }
                }
                int len = step.forward(out, node, mac);
                if (len < 0) {
                    if (len == FrameStep.NODE_GONE) {
                        count(CaptureCounters.NODE_GONE);
                    } else {
                        parseDrop(len);
                    }
                } else if (len == FrameForwarder.NOT_FORWARDED) {
                    count(CaptureCounters.LOCAL); // a proxy service's VIP: the proxy has its own socket
                } else if (step.method() == ForwardingMethod.TUN) {
                    Bytes.put48(out, 6, t.ownMac);
                    send(port, out, len, CaptureCounters.FORWARDED, slotOf(id));
                } else {
                    Bytes.put48(buf, 6, t.ownMac); // sent from the front-end's MAC, or switches would learn the client here
                    send(port, buf, len, CaptureCounters.FORWARDED, slotOf(id));
                }
            }
        }
    }

    private void fromNode(byte[] buf, InterfaceTable t, long now, FramePort port) {
        int src = (int) step.key().srcLo();
        int row = t.natRow(src, step.key().srcPort());
        if (row < 0) {
            count(CaptureCounters.PASSED);
            return;
        }
        neighbours.learn(src, Bytes.u48(buf, 6), now); // the node's own frame confirms its MAC
        PacketView v = step.view();
        int dst = Bytes.i32(buf, v.l3Offset() + 16);
        long mac = neighbour(port, t, dst, now);
        if (mac == Neighbours.UNKNOWN) {
            int hop = t.routes.nextHop(dst);
            mac = hop == Routes.NO_ROUTE ? Neighbours.UNKNOWN : neighbour(port, t, hop, now);
            if (mac == Neighbours.UNKNOWN) {
                if (hop != Routes.NO_ROUTE) {
                    ask(port, t, hop, now);
                }
                count(CaptureCounters.NO_NEIGHBOUR);
                return;
            }
        }
        int r = Rewriter.rewriteSourceV4(v, t.natVip(row), t.natSourcePort(row));
        if (r != Reason.OK) {
            parseDrop(r);
            return;
        }
        Rewriter.setDestinationMac(v, mac);
        Rewriter.setSourceMac(v, t.ownMac);
        send(port, buf, v.length(), CaptureCounters.NAT_OUT, slotOf(t.natNodeId(row)));
    }

    /**
     * The MAC of an address's next hop (itself when on-link), asking again for a stale one while using
     * it; or UNKNOWN after asking for it (counted).
     */
    private long neighbourOf(FramePort port, InterfaceTable t, IpAddress address, long now) {
        int a = (int) address.lo();
        long mac = neighbour(port, t, a, now);
        if (mac != Neighbours.UNKNOWN) {
            return mac;
        }
        int hop = nextHop(t, a);
        if (hop != a && hop != Routes.NO_ROUTE) {
            mac = neighbour(port, t, hop, now);
            if (mac != Neighbours.UNKNOWN) {
                return mac;
            }
        }
        ask(port, t, hop == Routes.NO_ROUTE ? a : hop, now);
        count(CaptureCounters.NO_NEIGHBOUR);
        return Neighbours.UNKNOWN;
    }

    /** The MAC of a neighbour, or UNKNOWN; a stale one is still used, and asked for again (its answer renews it). */
    private long neighbour(FramePort port, InterfaceTable t, int ip, long now) {
        long marked = neighbours.lookupMarked(ip, now);
        if (marked == Neighbours.UNKNOWN || (marked & Neighbours.STALE) == 0) {
            return marked;
        }
        ask(port, t, ip, now);
        return marked & Neighbours.MAC_BITS;
    }

    private static int nextHop(InterfaceTable t, int address) {
        int hop = t.routes.nextHop(address);
        return hop == Routes.NO_ROUTE ? address : hop; // no route read: try the address as on-link
    }

    /** Sends an ARP request for {@code ip}, at most once per half second per address and worker. */
    private void ask(FramePort port, InterfaceTable t, int ip, long now) {
        int slot = (int) (FlowKey.mix(ip) & (ARP_MEMORY - 1));
        if (askedIp[slot] == ip && now - askedAt[slot] < ARP_RETRY_NANOS || t.ownIp == 0) {
            return;
        }
        askedIp[slot] = ip;
        askedAt[slot] = now;
        send(port, arp, Arp.write(arp, Arp.REQUEST, t.ownMac, t.ownIp, 0, ip), CaptureCounters.ARP_SENT, -1);
    }

    /**
     * Hands a frame to the port; {@code counter} (and the bytes of the node at {@code slot}, -1 for none)
     * count when the port tells it was sent. The frame's outcome, for its latency, is {@code counter} now.
     */
    private void send(FramePort port, byte[] frame, int len, int counter, int slot) {
        outcome = counter;
        port.send(frame, len, counter | (slot + 1) << TAG_COUNTER_BITS, this);
    }
}
