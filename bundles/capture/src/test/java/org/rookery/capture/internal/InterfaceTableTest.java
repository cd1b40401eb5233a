package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;
import org.rookery.packet.Bytes;

/**
 * The capture filters compile with the real libpcap, and run by libpcap's own BPF interpreter they
 * take what the datapath needs: ARP on worker 0 only, every frame to the VIP and every NAT reply on
 * exactly one worker, a connection's two directions on the same one, the host's own traffic on none.
 */
class InterfaceTableTest {

    @TempDir
    Path dir;

    private static BpfProgram compile(String filter) throws Exception {
        return Pcaps.compileFilter(65535, DataLinkType.EN10MB, filter, BpfProgram.BpfCompileMode.OPTIMIZE,
                org.pcap4j.core.PcapHandle.PCAP_NETMASK_UNKNOWN);
    }

    private static int matches(BpfProgram[] workers, byte[] frame) {
        int k = -1;
        int count = 0;
        for (int i = 0; i < workers.length; i++) {
            if (workers[i].applyFilter(frame)) {
                k = i;
                count++;
            }
        }
        return count == 1 ? k : -10 - count;
    }

    @Test
    void filtersSplitFlowsSoBothDirectionsMeetOneWorker() throws Exception {
        InterfaceTable t = new LiveFixture(dir).table;
        for (int n : new int[] {1, 2, 3}) {
            BpfProgram[] w = new BpfProgram[n];
            for (int k = 0; k < n; k++) {
                w[k] = compile(t.filter(n, k));
            }
            byte[] arp = new byte[Arp.LENGTH];
            Arp.write(arp, Arp.REQUEST, 0x02_00_00_00_00_09L, LiveFixture.v4("10.0.0.9"), 0, LiveFixture.v4("192.0.2.10"));
            assertEquals(0, matches(w, arp), "ARP on worker 0");
            int[] seen = new int[n];
            for (int p = 1000; p < 1100; p++) {
                int in = matches(w, TestFrames.udp("203.0.113.7", p, "192.0.2.10", 53, 10));
                int out = matches(w, TestFrames.udp("10.0.0.3", 5353, "203.0.113.7", p, 10));
                assertTrue(in >= 0, "one worker takes the request, " + n + " workers");
                assertEquals(in, out, "the reply meets the request's worker, " + n + " workers, port " + p);
                seen[in]++;
                assertTrue(matches(w, TestFrames.tcp("203.0.113.7", p, "192.0.2.10", 80, FlowKey.SYN, 0)) >= 0);
            }
            for (int k = 0; k < n; k++) {
                assertTrue(seen[k] > 10, "worker " + k + " of " + n + " gets a share: " + seen[k]);
            }
            assertEquals(-10, matches(w, TestFrames.udp("10.0.0.3", 5353, "10.0.0.254", 9, 10)), "to the host: none");
            assertEquals(-10, matches(w, TestFrames.udp("203.0.113.7", 1, "192.0.2.11", 53, 10)), "another address: none");
        }
    }

    @Test
    void malformedFramesToTheVipReachAWorkerToBeCounted() throws Exception {
        InterfaceTable t = new LiveFixture(dir).table;
        byte[] good = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0);
        byte[] ihl13 = java.util.Arrays.copyOf(good, 34); // IHL 13 but only 20 bytes of header
        ihl13[14] = 0x4D;
        byte[] ihl3 = good.clone();
        ihl3[14] = 0x43;
        byte[] beyond = good.clone();
        Bytes.put16(beyond, 16, 440);
        byte[] below = good.clone();
        Bytes.put16(below, 16, 12);
        for (int n : new int[] {1, 2, 3}) {
            BpfProgram[] w = new BpfProgram[n];
            for (int k = 0; k < n; k++) {
                w[k] = compile(t.filter(n, k));
            }
            for (byte[] f : new byte[][] {ihl13, ihl3, beyond, below, java.util.Arrays.copyOf(good, 36)}) {
                assertTrue(matches(w, f) >= 0, "one of " + n + " workers takes a malformed frame: " + matches(w, f) + " " + java.util.HexFormat.of().formatHex(f, 0, Math.min(f.length, 40)));
            }
        }
    }

    @Test
    void natReverseMapPrefersServicePortsThenSlices() throws Exception {
        InterfaceTable t = new LiveFixture(dir).table;
        int d1 = LiveFixture.v4("10.0.0.3");
        int row = t.natRow(d1, 5353);
        assertEquals(LiveFixture.v4("192.0.2.10"), t.natVip(row));
        assertEquals(53, t.natSourcePort(row));
        row = t.natRow(d1, 10999);
        assertEquals(InterfaceTable.SAME_PORT, t.natSourcePort(row), "its slice 10000-10999 keeps the port");
        assertEquals(-1, t.natRow(d1, 11000), "a1's slice is not d1's");
        assertEquals(-1, t.natRow(d1, 33000), "an ephemeral port is not translated");
        assertEquals(-1, t.natRow(LiveFixture.v4("10.0.0.1"), 80), "a dr node is not translated");
    }

    @Test
    void natReverseMapOfAThousandNodesAnswersAsTheRulesSay() {
        // 1,000 web nodes (node port kept), 300 dns nodes on the web nodes' first 300 addresses (a node
        // port of their own) and a port space: every address and port answered as the map's rules say
        int web = 1000;
        int dns = 300;
        org.rookery.api.model.IpAddress vipWeb = org.rookery.api.model.IpAddress.parse("192.0.2.10");
        org.rookery.api.model.IpAddress vipDns = org.rookery.api.model.IpAddress.parse("192.0.2.53");
        PortSpace space = new PortSpace(20000, 40);
        java.util.List<NodeStatus> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < web; i++) {
            nodes.add(status(new Node("web", "w" + i, address(i), 0, null, 1, NodeState.UP, i), nodes.size()));
        }
        for (int i = 0; i < dns; i++) {
            nodes.add(status(new Node("dns", "d" + i, address(i), 5353, null, 1, NodeState.UP, web + i), nodes.size()));
        }
        InterfaceTable t = new InterfaceTable.Builder("eth0").own(TestFrames.FRONT_END_MAC, LiveFixture.v4("10.9.255.254"), 1500)
                .nodes(nodes).portSpace(space)
                .service(new VirtualService("web", vipWeb, Protocol.TCP, new PortRange(80, 81), "web", ForwardingMethod.NAT, "eth0"))
                .service(new VirtualService("dns", vipDns, Protocol.UDP, PortRange.of(53), "dns", ForwardingMethod.NAT, "eth0"))
                .build();
        java.util.Random r = new java.util.Random(7);
        int found = 0;
        for (int n = 0; n < 200_000; n++) {
            int i = r.nextInt(web + 20); // a few addresses of no node
            int port = switch (r.nextInt(4)) {
                case 0 -> 80 + r.nextInt(3);
                case 1 -> 5352 + r.nextInt(3);
                case 2 -> 20000 + space.slice() * (i + (r.nextBoolean() ? 0 : web)) + r.nextInt(space.slice() + 2) - 1; // its slices' edges
                default -> r.nextInt(65536);
            };
            int a = (int) address(i).lo();
            int vip = -1;
            int source = 0;
            if (i < web && (port == 80 || port == 81)) {
                vip = (int) vipWeb.lo();
                source = InterfaceTable.SAME_PORT;
            } else if (i < dns && port == 5353) {
                vip = (int) vipDns.lo();
                source = 53;
            } else if (i < web && i < space.slices() && space.sliceOf(i).contains(port)) {
                vip = (int) vipWeb.lo(); // a node's own connections leave from the VIP of its first NAT service
                source = InterfaceTable.SAME_PORT;
            } else if (i < dns && web + i < space.slices() && space.sliceOf(web + i).contains(port)) {
                vip = (int) vipDns.lo(); // the dns node on the same address has a slice of its own
                source = InterfaceTable.SAME_PORT;
            }
            int row = t.natRow(a, port);
            String what = "node address " + address(i) + " port " + port;
            if (vip == -1) {
                assertEquals(-1, row, what);
            } else {
                assertTrue(row >= 0, what + ": no row");
                assertEquals(vip, t.natVip(row), what);
                assertEquals(source, t.natSourcePort(row), what);
                found++;
            }
        }
        assertTrue(found > 60_000, "most lookups find a row: " + found);
    }

    private static org.rookery.api.model.IpAddress address(int i) {
        return org.rookery.api.model.IpAddress.parse("10.9." + (i >> 8) + "." + (i & 255));
    }

    private static NodeStatus status(Node n, int id) {
        return new NodeStatus(n, id, NodeState.UP, 0, 0, null);
    }
}
