package org.rookery.capture.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.VirtualService;
import org.rookery.packet.Macs;

/**
 * What the live datapath of one interface needs, resolved once per configuration: the interface's
 * MAC, address and MTU, the VIPs it owns, its services' forwarding table, the configured node MACs,
 * the NAT reverse map (node address and source port to VIP and port, including each NAT node's own
 * port-space slice) and the capture filter. Immutable; arrays only on the per-frame path.
 */
final class InterfaceTable {

    /** A filter taking nothing (libpcap refuses one it can prove empty): the local experimental ethertype. */
    static final String NOTHING = "ether proto 0x88b5";
    /** From {@link #nodeMac}: none configured. */
    static final long NO_MAC = Neighbours.UNKNOWN;
    /** From {@link #natSourcePort} and in the reverse map: keep the node's source port. */
    static final int SAME_PORT = -1;

    final String iface;
    final long ownMac;
    final int ownIp;
    final int mtu;
    final List<VirtualService> services;
    final ForwardingTable forwarding;
    final Routes routes;
    private final int[] vips;
    private final int[] localAddresses;
    private final long[] nodeMacs;
    private final int[] natAddress;
    private final int[] natPortLow;
    private final int[] natPortHigh;
    private final int[] natVip;
    private final int[] natVport;
    private final int[] natNodeId;
    private final int[] natNodes;
    /** The reverse map's rows grouped by node address, each group in row order (rows of one address only ever compete with each other). */
    private final int[] natOrder;
    /** Open-addressing index from a node address to its group in {@link #natOrder}: key, group start, group end (0: empty slot). */
    private final int[] natIndexAddress;
    private final int[] natIndexStart;
    private final int[] natIndexEnd;
    private final int natIndexMask;

    private InterfaceTable(Builder b) {
        iface = b.iface;
        ownMac = b.ownMac;
        ownIp = b.ownIp;
        mtu = b.mtu;
        services = List.copyOf(b.services);
        forwarding = ForwardingTable.of(b.nodes, services);
        routes = b.routes;
        vips = services.stream().mapToInt(s -> (int) s.vip().lo()).distinct().toArray();
        localAddresses = b.localAddresses;
        int size = b.nodes.stream().mapToInt(NodeStatus::id).max().orElse(-1) + 1;
        nodeMacs = new long[size];
        java.util.Arrays.fill(nodeMacs, NO_MAC);
        for (NodeStatus n : b.nodes) {
            if (n.node().mac() != null) {
                nodeMacs[n.id()] = Macs.parse(n.node().mac());
            }
        }
        List<int[]> rows = natRows(services, b.nodes, b.portSpace);
        natAddress = column(rows, 0);
        natPortLow = column(rows, 1);
        natPortHigh = column(rows, 2);
        natVip = column(rows, 3);
        natVport = column(rows, 4);
        natNodeId = column(rows, 5);
        natNodes = rows.stream().mapToInt(r -> r[0]).distinct().toArray();
        natOrder = new int[rows.size()];
        int slots = Integer.highestOneBit(Math.max(2, natNodes.length) * 2 - 1) << 1; // a power of two, at most half full
        natIndexMask = slots - 1;
        natIndexAddress = new int[slots];
        natIndexStart = new int[slots];
        natIndexEnd = new int[slots];
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int r = 0; r < natAddress.length; r++) {
            groups.computeIfAbsent(natAddress[r], a -> new ArrayList<>()).add(r);
        }
        int next = 0;
        for (int address : natNodes) {
            int start = next;
            for (int r : groups.get(address)) {
                natOrder[next++] = r;
            }
            int i = natSlot(address);
            while (natIndexEnd[i] != 0) {
                i = (i + 1) & natIndexMask;
            }
            natIndexAddress[i] = address;
            natIndexStart[i] = start;
            natIndexEnd[i] = next;
        }
    }

    private int natSlot(int address) {
        return (int) FlowKey.mix(address) & natIndexMask;
    }

    /**
     * The NAT reverse map: a node serving a NAT service answers from its port (or the service's,
     * when it keeps the port) and its answers leave from VIP:service port; its own connections from
     * its port-space slice leave from the VIP of its first NAT service, port kept.
     */
    private static List<int[]> natRows(List<VirtualService> services, List<NodeStatus> nodes, PortSpace space) {
        List<int[]> rows = new ArrayList<>();
        List<int[]> slices = new ArrayList<>();
        Set<String> sliced = new LinkedHashSet<>();
        for (VirtualService s : services) {
            if (s.method() != ForwardingMethod.NAT) {
                continue;
            }
            PortRange p = s.ports();
            int vip = (int) s.vip().lo();
            for (NodeStatus ns : nodes) {
                Node n = ns.node();
                if (!n.pool().equals(s.pool()) || !n.address().isV4()) {
                    continue;
                }
                int addr = (int) n.address().lo();
                if (n.port() == 0) {
                    rows.add(new int[] {addr, p.first(), p.last(), vip, SAME_PORT, ns.id()});
                } else {
                    // a range served on one node port maps back to the range's first port: the port is not kept per flow
                    rows.add(new int[] {addr, n.port(), n.port(), vip, p.first(), ns.id()});
                }
                if (n.index() >= 0 && n.index() < space.slices() && sliced.add(n.key())) {
                    PortRange slice = space.sliceOf(n.index());
                    slices.add(new int[] {addr, slice.first(), slice.last(), vip, SAME_PORT, ns.id()});
                }
            }
        }
        rows.addAll(slices); // service ports first: a service port inside a slice stays the service's
        return rows;
    }

    private static int[] column(List<int[]> rows, int c) {
        return rows.stream().mapToInt(r -> r[c]).toArray();
    }

    /** True when the IPv4 address is a VIP this interface owns. */
    boolean isVip(int address) {
        for (int v : vips) {
            if (v == address) {
                return true;
            }
        }
        return false;
    }

    /** True when the IPv4 address is one of the host's own (traffic the kernel handles). */
    boolean isLocal(int address) {
        for (int a : localAddresses) {
            if (a == address) {
                return true;
            }
        }
        return false;
    }

    /** The MAC configured for a node id, or {@link #NO_MAC}. */
    long nodeMac(int id) {
        return id >= 0 && id < nodeMacs.length ? nodeMacs[id] : NO_MAC;
    }

    /**
     * Looks up a frame from {@code address}:{@code port} in the NAT reverse map; when found, the VIP
     * and port it must leave from are in {@link #natVip()} and {@link #natSourcePort()}. Not thread-safe
     * for the results: call from one worker, or use the returned row.
     */
    int natRow(int address, int port) {
        // Why an index: every frame from a NAT node comes here, and a pool of a thousand nodes behind a
        // few services would make a scan of all rows thousands of compares per reply.
        int i = natSlot(address);
        for (int end; (end = natIndexEnd[i]) != 0; i = (i + 1) & natIndexMask) {
            if (natIndexAddress[i] == address) {
                for (int k = natIndexStart[i]; k < end; k++) {
                    int r = natOrder[k];
                    if (port >= natPortLow[r] && port <= natPortHigh[r]) {
                        return r;
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    /** The VIP of a reverse-map row. */
    int natVip(int row) {
        return natVip[row];
    }

    /** The dispatcher's id of the node of a reverse-map row. */
    int natNodeId(int row) {
        return natNodeId[row];
    }

    /** The source port of a reverse-map row, or {@link #SAME_PORT}. */
    int natSourcePort(int row) {
        return natVport[row];
    }

    /** True when some service on the interface is NAT (the node address is then captured as a source). */
    boolean hasNatNodes() {
        return natNodes.length > 0;
    }

    /** The VIPs, as ints. */
    int[] vips() {
        return vips.clone();
    }

    /**
     * The capture filter of worker {@code k} of {@code workers}: ARP (worker 0 only), IPv4 to the VIPs,
     * and for NAT IPv4 from the nodes not addressed to the host itself. With several workers, flows are
     * split by client address plus client port, which is the source of a frame to a VIP and the
     * destination of a node's reply, so both directions of a connection meet the same worker.
     */
    String filter(int workers, int k) {
        List<String> parts = new ArrayList<>();
        if (k == 0) {
            parts.add("arp");
        }
        String toVip = hosts("dst", vips);
        // A load past the frame's end rejects the frame in the whole filter: the port is loaded only from
        // frames long enough, and worker 0 takes the others (a bad IHL, a cut header) to count them as drops.
        String whole = " and len >= 18 + ((ip[0]&0xf)<<2)";
        String shardIn = workers > 1 ? whole + " and (ip[12:4] + ip[((ip[0]&0xf)<<2):2]) % " + workers + " = " + k : "";
        String shardOut = workers > 1 ? whole + " and (ip[16:4] + ip[((ip[0]&0xf)<<2)+2:2]) % " + workers + " = " + k : "";
        String cut = " and len < 18 + ((ip[0]&0xf)<<2)";
        boolean guard = workers > 1 && k == 0;
        if (vips.length > 0) {
            parts.add("(ip and (" + toVip + ")" + shardIn + ")");
            if (guard) {
                parts.add("(ip and (" + toVip + ")" + cut + ")");
            }
        }
        if (natNodes.length > 0) {
            String notLocal = ownIp != 0 ? " and not dst host " + IpAddress.v4(ownIp) : "";
            parts.add("(ip and (" + hosts("src", natNodes) + ")" + notLocal + shardOut + ")");
            if (guard) {
                parts.add("(ip and (" + hosts("src", natNodes) + ")" + notLocal + cut + ")");
            }
        }
        return parts.isEmpty() ? NOTHING : String.join(" or ", parts);
    }

    private static String hosts(String dir, int[] addresses) {
        StringJoiner j = new StringJoiner(" or ");
        for (int a : addresses) {
            j.add(dir + " host " + IpAddress.v4(a));
        }
        return j.toString();
    }

    /** Builds a table. */
    static final class Builder {
        private final String iface;
        private long ownMac;
        private int ownIp;
        private int mtu = 1500;
        private final List<VirtualService> services = new ArrayList<>();
        private List<NodeStatus> nodes = List.of();
        private PortSpace portSpace = PortSpace.DISABLED;
        private Routes routes = Routes.NONE;
        private int[] localAddresses = new int[0];

        Builder(String iface) {
            this.iface = iface;
        }

        Builder own(long mac, int ip, int mtuBytes) {
            ownMac = mac;
            ownIp = ip;
            mtu = mtuBytes;
            return this;
        }

        Builder service(VirtualService s) {
            services.add(s);
            return this;
        }

        Builder nodes(List<NodeStatus> all) {
            nodes = List.copyOf(all);
            return this;
        }

        Builder portSpace(PortSpace p) {
            portSpace = p;
            return this;
        }

        Builder routes(Routes r) {
            routes = r;
            return this;
        }

        Builder localAddresses(int[] a) {
            localAddresses = a.clone();
            return this;
        }

        InterfaceTable build() {
            return new InterfaceTable(this);
        }
    }
}
