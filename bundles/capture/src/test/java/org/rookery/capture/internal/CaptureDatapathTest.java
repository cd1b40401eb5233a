package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/**
 * Services coming, changing and going start, re-table and stop interface captures; a service the
 * host cannot serve is refused by check and left out of a stored configuration with its reason.
 */
class CaptureDatapathTest {

    @TempDir
    Path proc;

    private final List<ScriptedPort> opened = new ArrayList<>();
    private final List<String> guards = new ArrayList<>();

    /** The MTU the test host gives its eth interfaces. */
    private int mtu = 1500;
    /** Whether the test host's eth interfaces are gone. */
    private boolean gone;

    private CaptureDatapath datapath(String refuse) {
        return datapath(refuse, 2048);
    }

    private CaptureDatapath datapath(String refuse, int snaplen) {
        NetworkInterface lo;
        try {
            lo = NetworkInterface.getByName("lo");
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
        Host host = new Host(proc) {
            @Override
            NetworkInterface nic(String name) {
                return name.startsWith("eth") && !gone ? lo : null;
            }

            @Override
            boolean isUp(String name) {
                return true;
            }

            @Override
            int ipv4(String name) {
                return LiveFixture.OWN_IP;
            }

            @Override
            String holderOf(int address) {
                return null;
            }

            @Override
            int forwarding(String iface) {
                return iface.equals("eth5") ? 1 : 0;
            }

            @Override
            int mtu(String name) {
                return mtu;
            }
        };
        KernelGuard guard = new KernelGuard() {
            @Override
            String nft(String script) {
                guards.add(script);
                return null;
            }
        };
        return new CaptureDatapath(null, null, host, 2, snaplen, 1 << 20, 64, (iface, snap, filter) -> {
            if (iface.equals(refuse)) {
                throw new IllegalArgumentException("cannot capture on " + iface + ": permission denied");
            }
            ScriptedPort p = new ScriptedPort();
            p.filter(filter);
            synchronized (opened) {
                opened.add(p);
            }
            return p;
        }, guard);
    }

    private static VirtualService service(String name, ForwardingMethod m, String iface) {
        return new VirtualService(name, IpAddress.parse("192.0.2.10"), Protocol.TCP, PortRange.of(name.length() * 10), "web", m, iface);
    }

    @Test
    void theSnapLengthIsTheConfiguredOneOrTheInterfacesFrameSize() {
        Host host = new Host(proc) {
            @Override
            int mtu(String name) {
                return switch (name) {
                    case "jumbo" -> 9000;
                    case "small" -> 1280;
                    default -> 1500;
                };
            }
        };
        CaptureDatapath fromMtu = new CaptureDatapath(null, null, host, 1, 0, 1 << 20, 64, null, null);
        assertEquals(1518, fromMtu.snaplen("eth0"), "MTU 1500 + Ethernet header + VLAN tag");
        assertEquals(9018, fromMtu.snaplen("jumbo"));
        assertEquals(CaptureDatapath.MIN_SNAPLEN, fromMtu.snaplen("small"), "never below a whole 1500-byte frame");
        CaptureDatapath configured = new CaptureDatapath(null, null, host, 1, 4096, 1 << 20, 64, null, null);
        assertEquals(4096, configured.snaplen("jumbo"), "a configured snap length wins");
    }

    @Test
    void aCaptureFollowsItsInterfacesMtuWithNewHandlesKeepingItsCounters() {
        CaptureDatapath d = datapath(null, 0);
        try {
            List<VirtualService> services = List.of(service("web", ForwardingMethod.DR, "eth0"));
            d.apply(services, List.of(), PortSpace.DISABLED);
            InterfaceCapture before = d.capture("eth0");
            assertEquals(1518, before.snaplen());
            before.counters().count(CaptureCounters.FORWARDED);
            assertEquals(false, d.sizedForAnOldMtu());
            d.apply(services, List.of(), PortSpace.DISABLED);
            assertEquals(before, d.capture("eth0"), "same MTU: the same capture, re-tabled");
            mtu = 9000;
            gone = true;
            assertEquals(false, d.sizedForAnOldMtu(), "a vanished interface is left to its workers' reopening");
            gone = false;
            assertTrue(d.sizedForAnOldMtu(), "the watch sees the new MTU");
            d.apply(services, List.of(), PortSpace.DISABLED);
            InterfaceCapture after = d.capture("eth0");
            assertNotNull(after);
            assertTrue(after != before, "new handles");
            assertEquals(9018, after.snaplen());
            assertTrue(opened.get(0).closed && opened.get(1).closed, "the old handles closed");
            assertEquals(4, opened.size(), "two new handles, one per worker");
            assertEquals(before.neighbours(), after.neighbours(), "the learnt neighbours go on");
            assertTrue(d.status().contains("snaplen=9018") && d.status().contains("forwarded=1"), d.status());
            assertEquals(false, d.sizedForAnOldMtu());
        } finally {
            d.stop();
        }
        d.apply(List.of(service("web", ForwardingMethod.DR, "eth0")), List.of(), PortSpace.DISABLED);
        assertNull(d.capture("eth0"), "nothing starts once stopped");
    }

    @Test
    void capturesFollowTheServices() {
        CaptureDatapath d = datapath(null);
        try {
            d.apply(List.of(service("web", ForwardingMethod.DR, "eth0"), service("proxied", ForwardingMethod.PROXY, null)),
                    List.of(), PortSpace.DISABLED);
            InterfaceCapture c = d.capture("eth0");
            assertNotNull(c, "a dr service on eth0 starts a capture there");
            assertEquals(2, opened.size(), "one handle per worker");
            assertTrue(d.status().startsWith("capture eth0 workers=2 snaplen=2048 services=web "), d.status());
            assertTrue(opened.get(0).filters.get(0).startsWith("arp or (ip and (dst host 192.0.2.10)"), opened.get(0).filters.get(0));
            assertTrue(guards.get(0).contains("tcp dport { 30 } drop"), guards.get(0));
            d.apply(List.of(service("web", ForwardingMethod.DR, "eth0"), service("mail", ForwardingMethod.NAT, "eth0")),
                    List.of(), PortSpace.DISABLED);
            assertEquals(c, d.capture("eth0"), "a second service on the same interface changes the table, not the capture");
            assertEquals(2, c.table().services.size());
            assertEquals(2, opened.size());
            d.apply(List.of(service("mail", ForwardingMethod.NAT, "eth1")), List.of(), PortSpace.DISABLED);
            assertNull(d.capture("eth0"), "no service left on eth0: stopped");
            assertTrue(opened.get(0).closed && opened.get(1).closed, "its handles closed");
            assertTrue(guards.get(guards.size() - 1).startsWith("table netdev rookery-eth0\ndelete table netdev rookery-eth0\n")
                    || guards.stream().anyMatch(g -> g.equals("table netdev rookery-eth0\ndelete table netdev rookery-eth0\n")),
                    "its guard removed");
            assertNotNull(d.capture("eth1"));
        } finally {
            d.stop();
        }
    }

    @Test
    void servicesTheHostCannotServeAreRefusedOrLeftOutWithTheirReason() {
        CaptureDatapath d = datapath("eth2");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.check(service("web", ForwardingMethod.NAT, "eth5")));
            assertTrue(e.getMessage().contains("net.ipv4.conf.eth5.forwarding=1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> d.check(service("web", ForwardingMethod.DR, "eth2")));
            assertEquals("service web (dr): cannot capture on eth2: permission denied", e.getMessage());
            d.check(service("web", ForwardingMethod.PROXY, null)); // not the packet datapath's
            d.apply(List.of(service("web", ForwardingMethod.DR, "wlan9"), service("mail", ForwardingMethod.TUN, "eth2"),
                    service("ok", ForwardingMethod.DR, "eth3")), List.of(), PortSpace.DISABLED);
            Map<String, String> p = d.problems();
            assertEquals("service web (dr): no interface wlan9 in this network namespace (ip link lists them)", p.get("web"));
            assertEquals("service mail (tun): cannot capture on eth2: permission denied", p.get("mail"));
            assertEquals(2, p.size());
            assertNotNull(d.capture("eth3"), "the servable one runs");
            assertTrue(d.status().contains("not running: service web (dr): no interface wlan9"), d.status());
        } finally {
            d.stop();
        }
    }
}
