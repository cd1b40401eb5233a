package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/** The kernel checks' one-line errors, the neighbour table and the route table on faked {@code /proc} files. */
class HostChecksTest {

    @TempDir
    Path proc;

    /** A host whose interface "eth9" exists and is up, addresses as given. */
    private Host host(String holder, int forwarding, int ownIp) throws Exception {
        Files.createDirectories(proc.resolve("sys/net/ipv4/conf/eth9"));
        Files.writeString(proc.resolve("sys/net/ipv4/conf/eth9/forwarding"), forwarding + "\n");
        NetworkInterface lo = NetworkInterface.getByName("lo");
        return new Host(proc) {
            @Override
            NetworkInterface nic(String name) {
                return name.equals("eth9") ? lo : null;
            }

            @Override
            boolean isUp(String name) {
                return true;
            }

            @Override
            String holderOf(int address) {
                return holder;
            }

            @Override
            int ipv4(String name) {
                return ownIp;
            }
        };
    }

    private static VirtualService service(ForwardingMethod m, String vip, String iface) {
        return new VirtualService("web", IpAddress.parse(vip), Protocol.TCP, PortRange.of(80), "web", m, iface);
    }

    @Test
    void eachMissingPrerequisiteIsOneLineWithTheFix() throws Exception {
        Host ok = host(null, 0, 1);
        assertNull(KernelCheck.problem(service(ForwardingMethod.NAT, "192.0.2.10", "eth9"), ok));
        assertEquals("service web (dr) needs --iface: the interface the VIP's frames arrive on",
                KernelCheck.problem(service(ForwardingMethod.DR, "192.0.2.10", null), ok));
        assertEquals("service web (dr): no interface eth7 in this network namespace (ip link lists them)",
                KernelCheck.problem(service(ForwardingMethod.DR, "192.0.2.10", "eth7"), ok));
        assertEquals("service web (tun): the packet datapath forwards IPv4 only; use --mode proxy for IPv6 VIP 2001:db8::1",
                KernelCheck.problem(service(ForwardingMethod.TUN, "2001:db8::1", "eth9"), ok));
        assertNull(KernelCheck.problem(service(ForwardingMethod.DR, "192.0.2.10", "eth9"), host("eth9", 0, 1)),
                "a VIP on the host is allowed: the nftables guard keeps the kernel off its ports");
        assertEquals("service web (nat): the kernel forwards IPv4 on eth9 (net.ipv4.conf.eth9.forwarding=1) and would route the"
                        + " VIP's frames and the nodes' replies untranslated beside Rookery; sysctl -w net.ipv4.conf.eth9.forwarding=0",
                KernelCheck.problem(service(ForwardingMethod.NAT, "192.0.2.10", "eth9"), host(null, 1, 1)));
        assertEquals("service web (nat): eth9 has no IPv4 address; Rookery asks for node MACs from it and the nodes route"
                        + " their replies to it; ip addr add ADDRESS/PREFIX dev eth9",
                KernelCheck.problem(service(ForwardingMethod.NAT, "192.0.2.10", "eth9"), host(null, 0, 0)));
    }

    @Test
    void guardDropsTheServicesPortsAndThePortSpaceToTheVips() {
        List<VirtualService> services = List.of(service(ForwardingMethod.DR, "192.0.2.10", "eth9"),
                new VirtualService("dns", IpAddress.parse("192.0.2.11"), Protocol.UDP, PortRange.parse("5300-5399"), "dns",
                        ForwardingMethod.NAT, "eth9"));
        assertEquals(String.join("\n",
                "table netdev rookery-eth9",
                "delete table netdev rookery-eth9",
                "table netdev rookery-eth9 {",
                "  chain ingress {",
                "    type filter hook ingress device \"eth9\" priority -500; policy accept;",
                "    ip daddr { 192.0.2.10, 192.0.2.11 } tcp dport { 20000-64999, 80 } drop",
                "    ip daddr { 192.0.2.10, 192.0.2.11 } udp dport { 20000-64999, 5300-5399 } drop",
                "  }",
                "}", ""), KernelGuard.script("eth9", services, new PortSpace(20000, 1000)));
    }

    @Test
    void neighboursLoadCompleteKernelEntriesOfTheInterfaceAndLearn() throws Exception {
        Path arp = Files.writeString(proc.resolve("arp"), String.join("\n",
                "IP address       HW type     Flags       HW address            Mask     Device",
                "10.0.0.1         0x1         0x2         02:aa:00:00:00:01     *        eth9",
                "10.0.0.2         0x1         0x0         00:00:00:00:00:00     *        eth9",
                "10.0.0.3         0x1         0x2         02:aa:00:00:00:03     *        eth8", ""));
        Neighbours n = new Neighbours(16);
        n.loadKernelTable(arp, "eth9", 0);
        assertEquals(0x02_aa_00_00_00_01L, n.lookup(LiveFixture.v4("10.0.0.1"), 0));
        assertEquals(Neighbours.UNKNOWN, n.lookup(LiveFixture.v4("10.0.0.2"), 0), "incomplete");
        assertEquals(Neighbours.UNKNOWN, n.lookup(LiveFixture.v4("10.0.0.3"), 0), "another interface");
        n.learn(LiveFixture.v4("10.0.0.1"), 0x02_aa_00_00_00_11L, 0);
        assertEquals(0x02_aa_00_00_00_11L, n.lookup(LiveFixture.v4("10.0.0.1"), 0), "a newer MAC wins");
        n.learn(LiveFixture.v4("10.0.0.5"), 0xFFFF_FFFF_FFFFL, 0);
        assertEquals(Neighbours.UNKNOWN, n.lookup(LiveFixture.v4("10.0.0.5"), 0), "broadcast is not learnt");
        for (int i = 0; i < 1000; i++) {
            n.learn(0x0A010000 + i, 0x02_00_00_01_00_00L + i, 0); // far more than it holds: evicts, never fails
        }
        assertEquals(0x02_00_00_01_00_00L + 999, n.lookup(0x0A010000 + 999, 0));
    }

    @Test
    void routesGiveTheLongestPrefixsNextHop() throws Exception {
        Path route = Files.writeString(proc.resolve("route"), String.join("\n",
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth9\t00000000\tFD00000A\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "eth9\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
                "eth9\t000012C6\t0100000A\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0",
                "eth8\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0", ""));
        Routes r = Routes.read(route, "eth9");
        assertEquals(3, r.size());
        assertEquals(LiveFixture.v4("10.0.0.7"), r.nextHop(LiveFixture.v4("10.0.0.7")), "on-link");
        assertEquals(LiveFixture.v4("10.0.0.1"), r.nextHop(LiveFixture.v4("198.18.3.4")), "198.18/16 via 10.0.0.1");
        assertEquals(LiveFixture.v4("10.0.0.253"), r.nextHop(LiveFixture.v4("203.0.113.1")), "default");
        assertEquals(Routes.NO_ROUTE, Routes.read(route, "eth8").nextHop(LiveFixture.v4("203.0.113.1")));
    }
}
