package org.rookery.capture.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;
import org.rookery.cluster.internal.ClusterManager;

/**
 * The live datapath's test front-end on interface {@code rkd-test} (MAC {@link TestFrames#FRONT_END_MAC},
 * address 10.0.0.254, router 10.0.0.253 as default gateway), VIP 192.0.2.10, port space 10000 + 1000
 * per node: web tcp/80 dr (n1 with MAC, n2 without), dns udp/53 nat to d1 10.0.0.3:5353 (index 0),
 * app tcp/8080 nat to a1 10.0.0.4 keeping the port (index 1), tls tcp/443 tun to t1 10.0.0.5.
 */
final class LiveFixture {

    static final String IFACE = "rkd-test";
    static final int OWN_IP = v4("10.0.0.254");
    static final int ROUTER_IP = v4("10.0.0.253");
    static final long N1_MAC = 0x02_aa_00_00_00_01L;
    static final long D1_MAC = 0x02_aa_00_00_00_03L;
    static final long A1_MAC = 0x02_aa_00_00_00_04L;
    static final long T1_MAC = 0x02_aa_00_00_00_05L;

    final LiveCluster live = new LiveCluster(false);
    final DecisionCopy core;
    final InterfaceTable table;
    final Neighbours neighbours = new Neighbours(256);
    final CaptureCounters counters = new CaptureCounters(null);

    LiveFixture(Path dir) throws IOException {
        ClusterManager c = live.cluster;
        c.setPortSpace(new PortSpace(10000, 1000));
        IpAddress vip = IpAddress.parse("192.0.2.10");
        c.addPool("web", "wrr", Map.of());
        c.addNode(new Node("web", "n1", IpAddress.parse("10.0.0.1"), 0, "02:aa:00:00:00:01", 1, NodeState.UP, 2));
        c.addNode(new Node("web", "n2", IpAddress.parse("10.0.0.2"), 0, null, 1, NodeState.UP, 3));
        c.addService(new VirtualService("web", vip, Protocol.TCP, PortRange.of(80), "web", ForwardingMethod.DR, IFACE));
        c.addPool("dns", "wrr", Map.of());
        c.addNode(new Node("dns", "d1", IpAddress.parse("10.0.0.3"), 5353, "02:aa:00:00:00:03", 1, NodeState.UP, 0));
        c.addService(new VirtualService("dns", vip, Protocol.UDP, PortRange.of(53), "dns", ForwardingMethod.NAT, IFACE));
        c.addPool("app", "wrr", Map.of());
        c.addNode(new Node("app", "a1", IpAddress.parse("10.0.0.4"), 0, "02:aa:00:00:00:04", 1, NodeState.UP, 1));
        c.addService(new VirtualService("app", vip, Protocol.TCP, PortRange.of(8080), "app", ForwardingMethod.NAT, IFACE));
        c.addPool("tls", "wrr", Map.of());
        c.addNode(new Node("tls", "t1", IpAddress.parse("10.0.0.5"), 0, "02:aa:00:00:00:05", 1, NodeState.UP, 4));
        c.addService(new VirtualService("tls", vip, Protocol.TCP, PortRange.of(443), "tls", ForwardingMethod.TUN, IFACE));
        core = DecisionCopy.of(c, live.policySource(), null, LiveSettings.DEFAULTS, 4096, 0);
        Path route = Files.writeString(dir.resolve("route"), String.join("\n",
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                IFACE + "\t00000000\tFD00000A\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                IFACE + "\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
                "eth9\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0", ""));
        InterfaceTable.Builder b = new InterfaceTable.Builder(IFACE).own(TestFrames.FRONT_END_MAC, OWN_IP, 1500)
                .nodes(core.cluster().nodes(null)).portSpace(c.portSpace()).routes(Routes.read(route, IFACE))
                .localAddresses(new int[] {OWN_IP, v4("127.0.0.1")});
        core.cluster().services().forEach(b::service);
        table = b.build();
    }

    LiveStep step() {
        return new LiveStep(core.dispatcher(), table, neighbours, counters, 9216 + 64);
    }

    static int v4(String a) {
        return (int) IpAddress.parse(a).lo();
    }
}
