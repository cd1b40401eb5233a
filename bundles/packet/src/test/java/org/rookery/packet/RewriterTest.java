package org.rookery.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.packet.Frames.CLIENT4;
import static org.rookery.packet.Frames.CLIENT6;
import static org.rookery.packet.Frames.NODE4;
import static org.rookery.packet.Frames.NODE6;
import static org.rookery.packet.Frames.VIP4;
import static org.rookery.packet.Frames.VIP6;
import static org.rookery.packet.Frames.eth4;
import static org.rookery.packet.Frames.eth6;
import static org.rookery.packet.Frames.ipv4;
import static org.rookery.packet.Frames.ipv6;
import static org.rookery.packet.Frames.tcp;
import static org.rookery.packet.Frames.udp;
import static org.rookery.packet.RefChecksum.slice;

import org.junit.jupiter.api.Test;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;

/** NAT and MAC rewrites: the new fields, and checksums judged by the reference, by pcap4j and by a full recomputation. */
class RewriterTest {

    private static final byte[] NONE = new byte[0];
    private static final byte[] DATA = "rewrite me".getBytes();

    private final PacketView v = new PacketView();
    private final FlowKey k = new FlowKey();

    private static IpAddress node(int family) {
        return family == 4 ? IpAddress.parse("10.1.0.11") : IpAddress.parse("fd00:1::11");
    }

    private static IpAddress vip(int family) {
        return family == 4 ? IpAddress.parse("192.0.2.100") : IpAddress.parse("2001:db8:f::100");
    }

    /** Every OK frame of the captures, its checksums filled in first, NATed to a node and back to the VIP. */
    @Test
    void everyCapturedFrameSurvivesNatBothWays() {
        int rewritten = 0;
        int icmpErrors = 0;
        for (byte[] frame : Captures.ethernetFrames()) {
            byte[] f = frame.clone();
            if (v.wrap(f, 0, f.length).parse(k) != Reason.OK || v.isFragment()) {
                continue;
            }
            if (v.verifyChecksums() != Reason.OK) {
                RefVerify.fill(v);
            }
            assertEquals(Reason.OK, v.verifyChecksums());
            int family = k.family();
            boolean echo = k.protocol() == 1 || k.protocol() == 58; // identifiers, also in quotes, are never changed
            int sport = k.srcPort();
            int dport = k.dstPort();
            FlowKey before = k.copy();

            assertEquals(Reason.OK, Rewriter.rewriteDestination(v, node(family), 8080));
            checkAll(f, "to node " + before);
            assertEquals(Reason.OK, v.wrap(f, 0, f.length).parse(k));
            assertEquals(node(family), k.destination());
            assertEquals(before.source(), k.source());
            assertEquals(echo ? dport : 8080, k.dstPort());
            assertEquals(sport, k.srcPort());
            if (v.isIcmpError()) {
                icmpErrors++;
                checkQuote(f);
            }

            assertEquals(Reason.OK, Rewriter.rewriteSource(v, vip(family), 80));
            checkAll(f, "back from node " + before);
            assertEquals(Reason.OK, v.wrap(f, 0, f.length).parse(k));
            assertEquals(vip(family), k.source());
            assertEquals(echo ? sport : 80, k.srcPort());
            rewritten++;
        }
        System.out.println("rewrites: " + rewritten + " captured frames NATed both ways, " + icmpErrors + " ICMP errors among them");
        assertTrue(rewritten >= 400);
        assertTrue(icmpErrors >= 14);
    }

    /** All outer checksums valid by our verifier, the reference and pcap4j; and equal to a from-scratch computation. */
    private void checkAll(byte[] f, String what) {
        assertEquals(Reason.OK, v.wrap(f, 0, f.length).parse(k), what);
        assertEquals(Reason.OK, v.verifyChecksums(), what);
        assertTrue(RefVerify.valid(v), what);
        // pcap4j takes the pseudo header's destination from the IPv6 header even when a routing header
        // still has segments left; RFC 8200 8.1 takes the final one, as the view does.
        boolean finalDestinationElsewhere = v.ipVersion() == 6 && v.pseudoDst != v.l3Offset() + 24;
        assertEquals(!finalDestinationElsewhere, new Pcap4jView(f).checksumsValid(), what);
        byte[] again = f.clone();
        PacketView w = new PacketView();
        w.wrap(again, 0, again.length).parse(null);
        RefVerify.fill(w);
        assertEquals(java.util.HexFormat.of().formatHex(again), java.util.HexFormat.of().formatHex(f),
                "an incremental update differs from a full recomputation: " + what);
    }

    /** The quote's own IPv4 header checksum still holds. */
    private void checkQuote(byte[] f) {
        if (v.ipVersion() == 4) {
            int q = v.innerL3Offset();
            assertTrue(RefChecksum.valid(slice(f, q, v.innerL4Offset())), "quoted IPv4 header checksum");
            Pcap4jView p = new Pcap4jView(f);
            assertTrue(((IpV4Packet) p.ips.get(1)).getHeader().hasValidChecksum(false));
        }
    }

    @Test
    void tcpAndUdpNatInBothFamilies() {
        byte[][] frames = {
            eth4(ipv4(CLIENT4, VIP4, 6, new byte[4], 0x4000, tcp(40000, 80, FlowKey.SYN, 8, DATA))),
            eth4(ipv4(CLIENT4, VIP4, 17, NONE, 0, udp(40000, 80, DATA))),
            eth6(ipv6(CLIENT6, VIP6, 6, tcp(40000, 80, FlowKey.ACK, 0, DATA))),
            eth6(ipv6(CLIENT6, VIP6, 60, Frames.ext(17, 0), 17, udp(40000, 80, DATA), true)),
        };
        for (byte[] f : frames) {
            assertEquals(Reason.OK, v.wrap(f, 0, f.length).parse(k));
            int family = k.family();
            assertEquals(Reason.OK, Rewriter.rewriteDestination(v, node(family), 8080));
            checkAll(f, "dnat");
            assertEquals(new FlowKey().set(k.protocol(), family == 4 ? IpAddress.parse("198.51.100.7") : IpAddress.parse("2001:db8:c::7"),
                    40000, node(family), 8080), k);
            assertEquals(Reason.OK, Rewriter.rewriteSource(v, vip(family), -1));
            checkAll(f, "snat keeping the port");
            assertEquals(vip(family), k.source());
            assertEquals(40000, k.srcPort());
        }
    }

    @Test
    void aZeroUdpChecksumOverIpv4StaysZero() {
        byte[] f = eth4(ipv4(CLIENT4, VIP4, 17, NONE, 0, udp(40000, 53, DATA)));
        Frames.put16(f, 14 + 20 + 6, 0);
        v.wrap(f, 0, f.length).parse(k);
        assertEquals(Reason.OK, Rewriter.rewriteDestinationV4(v, Frames.int4(NODE4), 5353));
        assertEquals(0, Frames.u16(f, 14 + 20 + 6));
        assertEquals(5353, Frames.u16(f, 14 + 20 + 2));
        checkAll(f, "udp without checksum");
    }

    /** A UDP checksum that comes out as zero is sent as 0xFFFF, over IPv6 as over IPv4. */
    @Test
    void aComputedZeroUdpChecksumIsSentAsAllOnes() {
        for (int family : new int[] {4, 6}) {
            byte[] f = family == 4 ? eth4(ipv4(CLIENT4, VIP4, 17, NONE, 0, udp(40000, 53, DATA)))
                    : eth6(ipv6(CLIENT6, VIP6, 17, udp(40000, 53, DATA)));
            int l4 = family == 4 ? 34 : 54;
            int port = -1;
            for (int p = 0; p < 0x10000 && port < 0; p++) { // find the port whose datagram sums to exactly 0xFFFF
                byte[] t = f.clone();
                Frames.put16(t, l4 + 2, p);
                PacketView w = new PacketView();
                w.wrap(t, 0, t.length).parse(null);
                Frames.put16(t, l4 + 6, 0);
                byte[] seg = slice(t, l4, t.length);
                if (RefChecksum.sum(RefChecksum.pseudo(RefVerify.src(w), RefVerify.dst(w), 17, seg.length), seg) == 0xFFFF) {
                    port = p;
                }
            }
            assertTrue(port >= 0);
            v.wrap(f, 0, f.length).parse(k);
            assertEquals(Reason.OK, family == 4 ? Rewriter.rewriteDestinationV4(v, Frames.int4(VIP4), port)
                    : Rewriter.rewriteDestinationV6(v, Frames.hi(VIP6), Frames.lo(VIP6), port));
            assertEquals(0xFFFF, Frames.u16(f, l4 + 6));
            assertEquals(Reason.OK, v.verifyChecksums());
            assertTrue(new Pcap4jView(f).checksumsValid());
        }
    }

    /** A node's reply quoted in an error from a router on the way to the client, NATed as IPVS does. */
    @Test
    void icmpErrorQuotesAreRewrittenWithTheirChecksums() {
        for (int family : new int[] {4, 6}) {
            for (int proto : new int[] {6, 17}) {
                for (int quoted : new int[] {family == 4 ? 28 : 48, Integer.MAX_VALUE}) {
                    byte[] quote = Frames.first(family == 4 ? Frames.replyV4(proto) : Frames.replyV6(proto), quoted);
                    byte[] f = family == 4 ? eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(3, 4, 1400, quote)))
                            : eth6(ipv6(Frames.ROUTER6, VIP6, 58, Frames.icmp(2, 0, 1280, quote)));
                    String what = "family " + family + " proto " + proto + " quote " + quoted;
                    assertEquals(Reason.OK, v.wrap(f, 0, f.length).parse(k), what);
                    assertEquals(Reason.OK, Rewriter.rewriteDestination(v, node(family), 8080), what);
                    checkAll(f, what);
                    assertEquals(node(family), k.destination(), what);
                    assertEquals(8080, k.dstPort(), what);
                    assertTrue(k.icmpError());
                    int q = v.innerL3Offset();
                    int l4 = v.innerL4Offset();
                    byte[] innerSrc = family == 4 ? slice(f, q + 12, q + 16) : slice(f, q + 8, q + 24);
                    assertEquals(node(family), Pcap4jView.addr(inet(innerSrc)), what);
                    assertEquals(8080, Frames.u16(f, l4), what);
                    if (family == 4) {
                        assertTrue(RefChecksum.valid(slice(f, q, l4)), "quoted header checksum: " + what);
                    }
                    if (quoted == Integer.MAX_VALUE) {
                        byte[] innerDst = family == 4 ? slice(f, q + 16, q + 20) : slice(f, q + 24, q + 40);
                        byte[] seg = slice(f, l4, v.ipEnd());
                        assertTrue(RefChecksum.valid(RefChecksum.pseudo(innerSrc, innerDst, proto, seg.length), seg),
                                "a whole quoted segment's checksum: " + what);
                    }
                    // And the other way: the node's error about the client's packet, made to come from the VIP.
                    assertEquals(Reason.OK, Rewriter.rewriteSource(v, vip(family), 443), what);
                    checkAll(f, what);
                    assertEquals(443, Frames.u16(f, l4 + 2));
                }
            }
        }
    }

    private static java.net.InetAddress inet(byte[] a) {
        try {
            return java.net.InetAddress.getByAddress(a);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRoutingHeaderWithSegmentsLeftKeepsTheTransportChecksum() {
        byte[] seg = udp(1000, 2000, DATA);
        Frames.fillTransportChecksum(17, seg, CLIENT6, Frames.ROUTER6, 58);
        byte[] f = eth6(ipv6(CLIENT6, VIP6, 43, Frames.routing(17, 1, Frames.ROUTER6), 17, seg, false));
        assertEquals(Reason.OK, v.wrap(f, 0, f.length).parse(k));
        int before = Frames.u16(f, f.length - seg.length + 6);
        assertEquals(Reason.OK, Rewriter.rewriteDestinationV6(v, Frames.hi(NODE6), Frames.lo(NODE6), -1));
        assertEquals(before, Frames.u16(f, f.length - seg.length + 6), "the pseudo header holds the final destination");
        assertEquals(Reason.OK, v.verifyChecksums());
    }

    @Test
    void refusalsAndMacs() {
        byte[] f = eth4(ipv4(CLIENT4, VIP4, 6, NONE, 0, tcp(1, 2, 0, 0, NONE)));
        byte[] copy = f.clone();
        assertEquals(Reason.NOT_PARSED, Rewriter.rewriteDestinationV4(v.wrap(f, 0, f.length), 1, 1));
        v.parse(k);
        assertEquals(Reason.BAD_VERSION, Rewriter.rewriteDestinationV6(v, 1, 1, 1));
        assertEquals(Reason.BAD_VERSION, Rewriter.rewriteSource(v, node(6), 1));
        assertEquals(java.util.HexFormat.of().formatHex(copy), java.util.HexFormat.of().formatHex(f), "a refusal changes nothing");
        byte[] frag = eth4(ipv4(CLIENT4, VIP4, 6, NONE, 8, new byte[40]));
        v.wrap(frag, 0, frag.length).parse(k);
        assertEquals(Reason.FRAGMENT, Rewriter.rewriteDestinationV4(v, 1, 1));

        v.wrap(f, 0, f.length).parse(k);
        assertEquals(Reason.OK, Rewriter.setDestinationMac(v, Macs.parse("0a:0b:0c:0d:0e:0f")));
        assertEquals(Reason.OK, Rewriter.setSourceMac(v, Macs.parse("02-00-00-00-00-99")));
        assertEquals("0a:0b:0c:0d:0e:0f", Macs.toString(Macs.read(f, 0)));
        assertEquals(0x020000000099L, Macs.read(f, 6));
        assertEquals(0x0800, Frames.u16(f, 12));
        assertEquals(Reason.OK, v.parse(k), "MACs are outside every checksum");
        assertEquals(Reason.OK, v.verifyChecksums());
        assertEquals(Reason.TRUNCATED, Rewriter.setDestinationMac(v.wrap(new byte[13], 0, 13), 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Macs.parse("0a:0b:0c:0d:0e"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Macs.parse("0a:0b:0c:0d:0e:zz"));
    }

    @Test
    void echoIdentifiersAreKeptAndIcmpv6ChecksumFollowsTheAddress() {
        byte[] f = eth6(ipv6(CLIENT6, VIP6, 58, Frames.icmp(128, 0, 0x12340001, DATA)));
        v.wrap(f, 0, f.length).parse(k);
        assertEquals(Reason.OK, Rewriter.rewriteDestination(v, node(6), 9999));
        checkAll(f, "echo");
        assertEquals(0x1234, k.dstPort());
        Packet p = new Pcap4jView(f).packet;
        assertTrue(p.toString().contains("Echo Request"), p.toString());
    }
}
