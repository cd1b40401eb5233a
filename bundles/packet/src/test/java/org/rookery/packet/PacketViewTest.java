package org.rookery.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.packet.Frames.CLIENT4;
import static org.rookery.packet.Frames.CLIENT6;
import static org.rookery.packet.Frames.VIP4;
import static org.rookery.packet.Frames.VIP6;
import static org.rookery.packet.Frames.eth;
import static org.rookery.packet.Frames.eth4;
import static org.rookery.packet.Frames.eth6;
import static org.rookery.packet.Frames.ipv4;
import static org.rookery.packet.Frames.ipv6;
import static org.rookery.packet.Frames.tcp;
import static org.rookery.packet.Frames.udp;
import static org.rookery.packet.RefChecksum.concat;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;

/** Parsing of hand-made frames: every header kind, every reason, and no read past the frame. */
class PacketViewTest {

    private static final byte[] NONE = new byte[0];
    private static final byte[] DATA = "hello, rookery".getBytes();

    private final PacketView v = new PacketView();
    private final FlowKey k = new FlowKey();

    private int parse(byte[] frame) {
        return v.wrap(frame, 0, frame.length).parse(k);
    }

    private static FlowKey key(int proto, byte[] src, int sport, byte[] dst, int dport) {
        return new FlowKey().set(proto, addr(src), sport, addr(dst), dport);
    }

    private static IpAddress addr(byte[] a) {
        return a.length == 4 ? IpAddress.v4(Frames.int4(a)) : new IpAddress(IpAddress.V6, Frames.hi(a), Frames.lo(a));
    }

    @Test
    void ipv4TcpWithOptionsIsKeyedPastTheOptions() {
        byte[] options = {(byte) 0x94, 4, 0, 0, 1, 1, 1, 0}; // router alert, NOPs, end of list
        byte[] f = eth4(ipv4(CLIENT4, VIP4, 6, options, 0x4000, tcp(40000, 80, FlowKey.SYN, 4, NONE)));
        assertEquals(Reason.OK, parse(f));
        assertEquals(key(6, CLIENT4, 40000, VIP4, 80), k);
        assertEquals(FlowKey.SYN, k.tcpFlags());
        assertFalse(k.icmpError());
        assertEquals(4, v.ipVersion());
        assertEquals(14, v.l3Offset());
        assertEquals(14 + 28, v.l4Offset());
        assertEquals(f.length, v.ipEnd());
        assertEquals(6, v.l4Protocol());
        assertEquals(-1, v.vlanId());
        assertEquals(Reason.OK, v.verifyChecksums());
    }

    @Test
    void vlanTagIsSkippedAndReported() {
        byte[] f = eth(0x2064, 0x0800, ipv4(CLIENT4, VIP4, 17, NONE, 0, udp(5353, 53, DATA)), 0);
        assertEquals(Reason.OK, parse(f));
        assertEquals(18, v.l2Length());
        assertEquals(100, v.vlanId());
        assertEquals(0x2064, v.vlanTci());
        assertEquals(0x0800, v.etherType());
        assertEquals(key(17, CLIENT4, 5353, VIP4, 53), k);
        assertEquals(Reason.OK, v.verifyChecksums());
    }

    @Test
    void ethernetPaddingIsNotPartOfTheDatagram() {
        byte[] f = eth(-1, 0x0800, ipv4(CLIENT4, VIP4, 6, NONE, 0, tcp(40000, 80, FlowKey.ACK, 0, NONE)), 6);
        assertEquals(60, f.length);
        f[59] = 0x55; // padding bytes must not enter the checksum
        assertEquals(Reason.OK, parse(f));
        assertEquals(54, v.ipEnd());
        assertEquals(54, v.l4End());
        assertEquals(Reason.OK, v.verifyChecksums());
    }

    @Test
    void tcpKeyCarriesTheNamedFlagsAndTheViewAllEight() {
        int ecnSyn = FlowKey.SYN | 0x40 | 0x80;
        assertEquals(Reason.OK, parse(eth4(ipv4(CLIENT4, VIP4, 6, NONE, 0, tcp(1, 2, ecnSyn, 0, NONE)))));
        assertEquals(FlowKey.SYN, k.tcpFlags());
        assertEquals(ecnSyn, v.tcpFlags());
    }

    @Test
    void ipv6ExtensionHeadersAreWalkedToTheTransport() {
        byte[] ext = concat(Frames.ext(43, 0), Frames.routing(60, 0, VIP6), Frames.ext(51, 1), Frames.ah(6, 6));
        byte[] f = eth6(ipv6(CLIENT6, VIP6, 0, ext, 6, tcp(40000, 443, FlowKey.ACK | FlowKey.PSH, 0, DATA), true));
        assertEquals(Reason.OK, parse(f));
        assertEquals(key(6, CLIENT6, 40000, VIP6, 443), k);
        assertEquals(14 + 40 + ext.length, v.l4Offset());
        assertEquals(6, v.l4Protocol());
        assertEquals(FlowKey.ACK | FlowKey.PSH, k.tcpFlags());
        assertEquals(Reason.OK, v.verifyChecksums());
    }

    @Test
    void ipv6RoutingHeaderWithSegmentsLeftChecksumsAgainstTheFinalDestination() {
        byte[] finalDst = Frames.NODE6;
        byte[] seg = udp(1000, 2000, DATA);
        Frames.fillTransportChecksum(17, seg, CLIENT6, finalDst, 58);
        byte[] f = eth6(ipv6(CLIENT6, VIP6, 43, Frames.routing(17, 1, finalDst), 17, seg, false));
        assertEquals(Reason.OK, parse(f));
        assertEquals(key(17, CLIENT6, 1000, VIP6, 2000), k);
        assertEquals(Reason.OK, v.verifyChecksums());
    }

    @Test
    void firstFragmentsAreKeyedAndLaterOnesAreFragments() {
        byte[] whole = udp(5000, 53, new byte[100]);
        byte[] head = Frames.first(whole, 48);
        assertEquals(Reason.OK, parse(eth4(ipv4(CLIENT4, VIP4, 17, NONE, 0x2000, head))));
        assertTrue(v.isFragment());
        assertEquals(key(17, CLIENT4, 5000, VIP4, 53), k);
        assertEquals(Reason.OK, v.verifyChecksums(), "a first fragment's transport checksum is not checkable");

        assertEquals(Reason.FRAGMENT, parse(eth4(ipv4(CLIENT4, VIP4, 17, NONE, 6, new byte[60]))));
        assertEquals(key(17, CLIENT4, 0, VIP4, 0), k);

        assertEquals(Reason.OK, parse(eth6(ipv6(CLIENT6, VIP6, 44, Frames.fragment(17, 0, true), 17, head, false))));
        assertTrue(v.isFragment());
        assertEquals(key(17, CLIENT6, 5000, VIP6, 53), k);

        assertEquals(Reason.FRAGMENT, parse(eth6(ipv6(CLIENT6, VIP6, 44, Frames.fragment(17, 6, false), 17, new byte[52], false))));
        assertEquals(key(17, CLIENT6, 0, VIP6, 0), k);

        byte[] atomic = eth6(ipv6(CLIENT6, VIP6, 44, Frames.fragment(17, 0, false), 17, udp(5000, 53, DATA), true));
        assertEquals(Reason.OK, parse(atomic));
        assertFalse(v.isFragment(), "an atomic fragment is a whole datagram");
        assertEquals(Reason.OK, v.verifyChecksums());
    }

    @Test
    void espAndNoNextHeaderEndTheWalk() {
        assertEquals(Reason.UNSUPPORTED_PROTOCOL, parse(eth6(ipv6(CLIENT6, VIP6, 60, Frames.ext(50, 0), 50, new byte[24], false))));
        assertEquals(key(50, CLIENT6, 0, VIP6, 0), k);
        assertEquals(Reason.UNSUPPORTED_PROTOCOL, parse(eth6(ipv6(CLIENT6, VIP6, 59, NONE, 59, NONE, false))));
        assertEquals(Reason.UNSUPPORTED_PROTOCOL, parse(eth4(ipv4(CLIENT4, VIP4, 47, NONE, 0, new byte[8]))));
        assertEquals(key(47, CLIENT4, 0, VIP4, 0), k);
        assertEquals(Reason.UNSUPPORTED_PROTOCOL, parse(eth4(ipv4(CLIENT4, VIP4, 58, NONE, 0, new byte[8]))), "ICMPv6 over IPv4");
    }

    @Test
    void ipv4AuthenticationHeaderIsSkipped() {
        byte[] f = eth4(ipv4(CLIENT4, VIP4, 51, NONE, 0, concat(Frames.ah(17, 6), udp(7, 9, DATA))));
        assertEquals(Reason.OK, parse(f));
        assertEquals(key(17, CLIENT4, 7, VIP4, 9), k);
        assertEquals(14 + 20 + 24, v.l4Offset());
    }

    @Test
    void headerFieldErrorsHaveTheirReasons() {
        byte[] good = eth4(ipv4(CLIENT4, VIP4, 6, NONE, 0, tcp(1, 2, 0, 0, NONE)));
        byte[] f = good.clone();
        f[14] = 0x65;
        assertEquals(Reason.BAD_VERSION, parse(f));
        f = good.clone();
        f[14] = 0x44;
        assertEquals(Reason.BAD_HEADER_LENGTH, parse(f));
        f = good.clone();
        Frames.put16(f, 16, 41);
        assertEquals(Reason.BAD_LENGTH, parse(f), "total length past the frame");
        f = good.clone();
        Frames.put16(f, 16, 19);
        assertEquals(Reason.BAD_LENGTH, parse(f), "total length inside the header");
        f = good.clone();
        f[14 + 20 + 12] = 0x40;
        assertEquals(Reason.BAD_HEADER_LENGTH, parse(f), "TCP data offset 4");
        f = good.clone();
        f[14 + 20 + 12] = (byte) 0xF0;
        assertEquals(Reason.TRUNCATED, parse(f), "TCP options past the datagram");

        byte[] g6 = eth6(ipv6(CLIENT6, VIP6, 17, udp(1, 2, DATA)));
        f = g6.clone();
        f[14] = 0x45;
        assertEquals(Reason.BAD_VERSION, parse(f));
        f = g6.clone();
        Frames.put16(f, 18, Frames.u16(f, 18) + 1);
        assertEquals(Reason.BAD_LENGTH, parse(f), "payload length past the frame");
        f = g6.clone();
        Frames.put16(f, 14 + 40 + 4, 7);
        assertEquals(Reason.BAD_LENGTH, parse(f), "UDP length below its header");
        f = g6.clone();
        Frames.put16(f, 14 + 40 + 4, DATA.length + 9);
        assertEquals(Reason.BAD_LENGTH, parse(f), "UDP length past the datagram");
    }

    @Test
    void otherEthertypesAreUnsupported() {
        assertEquals(Reason.UNSUPPORTED_ETHERTYPE, parse(eth(-1, 0x0806, new byte[28], 18)));
        assertEquals(Reason.UNSUPPORTED_ETHERTYPE, parse(eth(0x0064, 0x8100, new byte[46], 0)), "a second tag");
        assertEquals(Reason.UNSUPPORTED_ETHERTYPE, parse(eth(-1, 0x05DC, new byte[46], 0)), "802.3 length");
    }

    @Test
    void aViewIsReusableAndOffsetsAreAbsolute() {
        assertEquals(Reason.NOT_PARSED, new PacketView().parse(k));
        byte[] frame = eth(0x0005, 0x0800, ipv4(CLIENT4, VIP4, 17, NONE, 0, udp(1, 2, DATA)), 0);
        byte[] big = new byte[frame.length + 30];
        java.util.Arrays.fill(big, (byte) 0xEE);
        System.arraycopy(frame, 0, big, 11, frame.length);
        assertEquals(Reason.OK, v.wrap(big, 11, frame.length).parse(k));
        assertEquals(11 + 18, v.l3Offset());
        assertEquals(11 + frame.length, v.ipEnd());
        assertEquals(Reason.OK, v.verifyChecksums());
        assertEquals(Reason.OK, parse(eth6(ipv6(CLIENT6, VIP6, 17, udp(1, 2, DATA)))));
        assertEquals(-1, v.vlanId(), "nothing of the previous frame lingers");
        assertEquals(14, v.l3Offset());
        v.wrap(frame, 0, frame.length);
        assertEquals(Reason.NOT_PARSED, v.reason());
        assertFalse(v.hasL3());
    }

    /** Every frame cut at every length: never an exception, never a read past the cut, never OK. */
    @Test
    void truncatedAtEveryByteOffset() {
        byte[][] frames = {
            eth4(ipv4(CLIENT4, VIP4, 6, new byte[8], 0, tcp(40000, 80, FlowKey.SYN, 12, DATA))),
            eth(0x0064, 0x0800, ipv4(CLIENT4, VIP4, 17, NONE, 0, udp(5353, 53, DATA)), 0),
            eth6(ipv6(CLIENT6, VIP6, 0, concat(Frames.ext(60, 1), Frames.ext(44, 0), Frames.fragment(51, 0, false), Frames.ah(6, 4)),
                6, tcp(1, 2, 0, 0, DATA), true)),
            eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(3, 4, 1400, Frames.replyV4(6)))),
            eth6(ipv6(Frames.ROUTER6, VIP6, 58, Frames.icmp(2, 0, 1280, Frames.replyV6(17)))),
            eth4(ipv4(CLIENT4, VIP4, 1, NONE, 0, Frames.icmp(8, 0, 1, DATA))),
        };
        for (byte[] full : frames) {
            assertEquals(Reason.OK, parse(full));
            for (int n = 0; n < full.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(full, n); // any read past n would throw
                int r = parse(cut);
                assertTrue(r == Reason.TRUNCATED || r == Reason.BAD_LENGTH, "cut at " + n + ": " + Reason.name(r));
                assertNotEquals(Reason.OK, v.verifyChecksums());
                byte[] padded = java.util.Arrays.copyOf(cut, n + 64);
                java.util.Arrays.fill(padded, n, padded.length, (byte) 0xFF);
                assertEquals(r, v.wrap(padded, 0, n).parse(k), "bytes past the wrapped length changed the result at " + n);
            }
        }
    }
}
