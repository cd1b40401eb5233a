package org.rookery.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.packet.Frames.CLIENT4;
import static org.rookery.packet.Frames.CLIENT6;
import static org.rookery.packet.Frames.VIP4;
import static org.rookery.packet.Frames.VIP6;
import static org.rookery.packet.RefChecksum.slice;

import org.junit.jupiter.api.Test;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;

/** IP-in-IP: outer headers field by field, the datagram carried unchanged, and pcap4j reading both layers. */
class EncapsulatorTest {

    private static final IpAddress FRONT4 = IpAddress.parse("10.1.0.1");
    private static final IpAddress NODE4 = IpAddress.parse("10.1.0.11");
    private static final IpAddress FRONT6 = IpAddress.parse("fd00:1::1");
    private static final IpAddress NODE6 = IpAddress.parse("fd00:1::11");
    private static final long NODE_MAC = 0x02AA00000011L;
    private static final long OWN_MAC = 0x02AA00000001L;

    private final PacketView v = new PacketView();
    private final FlowKey k = new FlowKey();
    private final Encapsulator enc = new Encapsulator();

    private static byte[] v4Frame(int tos, int fragField) {
        byte[] ip = Frames.ipv4(CLIENT4, VIP4, 6, new byte[0], fragField, Frames.tcp(40000, 80, FlowKey.SYN, 0, "x".getBytes()));
        ip[1] = (byte) tos;
        Frames.put16(ip, 10, 0);
        Frames.put16(ip, 10, RefChecksum.checksum(slice(ip, 0, 20)));
        return Frames.eth(7, 0x0800, ip, 10); // a VLAN tag and padding, neither of which is carried
    }

    private static byte[] v6Frame() {
        return Frames.eth6(Frames.ipv6(CLIENT6, VIP6, 17, Frames.udp(5353, 53, "query".getBytes())));
    }

    /** pcap4j does not decode IP-in-IP itself: decode the carried datagram from the outer payload. */
    private static Packet inner(Pcap4jView p) {
        byte[] raw = p.after(p.ips.get(0)).getRawData();
        try {
            return (raw[0] & 0xF0) == 0x40 ? IpV4Packet.newPacket(raw, 0, raw.length) : IpV6Packet.newPacket(raw, 0, raw.length);
        } catch (org.pcap4j.packet.IllegalRawDataException e) {
            throw new AssertionError("pcap4j cannot read the carried datagram", e);
        }
    }

    @Test
    void ipv4InIpv4() {
        for (int df : new int[] {0x4000, 0}) {
            byte[] f = v4Frame(0xB9, df);
            v.wrap(f, 0, f.length).parse(k);
            byte[] datagram = slice(f, v.l3Offset(), v.ipEnd());
            byte[] out = new byte[200];
            int n = enc.encapsulate(v, out, 3, NODE_MAC, OWN_MAC, FRONT4, NODE4);
            assertEquals(14 + 20 + datagram.length, n);
            assertEquals(NODE_MAC, Macs.read(out, 3));
            assertEquals(OWN_MAC, Macs.read(out, 9));
            assertEquals(0x0800, Frames.u16(out, 15));
            int o = 3 + 14;
            assertEquals(0x45, out[o] & 0xFF);
            assertEquals(0xB9, out[o + 1] & 0xFF, "TOS copied, ECN included");
            assertEquals(20 + datagram.length, Frames.u16(out, o + 2));
            assertEquals(df, Frames.u16(out, o + 6), "DF copied, no fragment offset");
            assertEquals(64, out[o + 8]);
            assertEquals(4, out[o + 9]);
            assertTrue(RefChecksum.valid(slice(out, o, o + 20)));
            assertArrayEquals(NODE4.toBytes(), slice(out, o + 16, o + 20));
            assertArrayEquals(FRONT4.toBytes(), slice(out, o + 12, o + 16));
            assertArrayEquals(datagram, slice(out, o + 20, 3 + n));
            Pcap4jView p = new Pcap4jView(slice(out, 3, 3 + n));
            assertTrue(((IpV4Packet) p.ips.get(0)).getHeader().hasValidChecksum(false));
            Packet inner = inner(p);
            assertEquals(IpAddress.parse("198.51.100.7"), Pcap4jView.src(inner));
            assertTrue(inner.get(TcpPacket.class).hasValidChecksum(Pcap4jView.src(inner).toInetAddress(),
                    Pcap4jView.dst(inner).toInetAddress(), false));
            assertEquals(Reason.UNSUPPORTED_PROTOCOL, v.wrap(out, 3, n).parse(k), "the carrier is keyed by its addresses only");
            assertEquals(NODE4, k.destination());
            assertEquals(4, k.protocol());
            assertEquals(Reason.UNSUPPORTED_PROTOCOL, v.verifyChecksums(), "the outer IPv4 header checksum verifies");
        }
    }

    @Test
    void ipv6InIpv6() {
        byte[] f = v6Frame();
        v.wrap(f, 0, f.length).parse(k);
        byte[] datagram = slice(f, v.l3Offset(), v.ipEnd());
        byte[] out = new byte[200];
        int n = enc.encapsulate(v, out, 0, NODE_MAC, OWN_MAC, FRONT6, NODE6);
        assertEquals(14 + 40 + datagram.length, n);
        assertEquals(0x86DD, Frames.u16(out, 12));
        assertEquals(0x6012_3456, Frames.u16(out, 14) << 16 | Frames.u16(out, 16), "class and flow label copied");
        assertEquals(datagram.length, Frames.u16(out, 18));
        assertEquals(41, out[20]);
        assertEquals(64, out[21]);
        assertArrayEquals(FRONT6.toBytes(), slice(out, 22, 38));
        assertArrayEquals(NODE6.toBytes(), slice(out, 38, 54));
        assertArrayEquals(datagram, slice(out, 54, n));
        Packet inner = inner(new Pcap4jView(slice(out, 0, n)));
        assertEquals(IpAddress.parse("2001:db8:c::7"), Pcap4jView.src(inner));
        assertTrue(inner.get(UdpPacket.class).hasValidChecksum(Pcap4jView.src(inner).toInetAddress(),
                Pcap4jView.dst(inner).toInetAddress(), false), "the inner UDP checksum is untouched");
    }

    @Test
    void acrossFamilies() {
        byte[] f = v6Frame();
        v.wrap(f, 0, f.length).parse(k);
        byte[] out = new byte[200];
        int n = enc.encapsulate(v, out, 0, NODE_MAC, OWN_MAC, FRONT4, NODE4);
        assertEquals(41, out[14 + 9], "IPv6 in IPv4 is protocol 41");
        assertEquals(0x4000, Frames.u16(out, 14 + 6), "an IPv6 datagram is never fragmented on its path");
        assertTrue(inner(new Pcap4jView(slice(out, 0, n))) instanceof IpV6Packet);

        f = v4Frame(0, 0x4000);
        v.wrap(f, 0, f.length).parse(k);
        n = enc.encapsulate(v, out, 0, NODE_MAC, OWN_MAC, FRONT6, NODE6);
        assertEquals(4, out[14 + 6], "IPv4 in IPv6 is next header 4");
        assertTrue(inner(new Pcap4jView(slice(out, 0, n))) instanceof IpV4Packet);
    }

    @Test
    void inPlaceGivesTheSameFrame() {
        byte[] f = v4Frame(0, 0x4000);
        v.wrap(f, 0, f.length).parse(k);
        byte[] separate = new byte[200];
        int n = new Encapsulator().encapsulate(v, separate, 0, NODE_MAC, OWN_MAC, FRONT4, NODE4);
        byte[] shared = java.util.Arrays.copyOf(f, 200);
        v.wrap(shared, 0, f.length).parse(k);
        assertEquals(n, new Encapsulator().encapsulate(v, shared, 0, NODE_MAC, OWN_MAC, FRONT4, NODE4));
        assertArrayEquals(slice(separate, 0, n), slice(shared, 0, n));
    }

    @Test
    void identificationCountsAndRefusals() {
        byte[] f = v4Frame(0, 0);
        v.wrap(f, 0, f.length).parse(k);
        byte[] out = new byte[200];
        Encapsulator e = new Encapsulator();
        e.encapsulateV4(v, out, 0, 1, 2, 3, 4);
        int first = Frames.u16(out, 18);
        e.encapsulateV4(v, out, 0, 1, 2, 3, 4);
        assertEquals(first + 1, Frames.u16(out, 18));
        int needed = 14 + 20 + v.ipEnd() - v.l3Offset();
        assertEquals(Reason.TOO_BIG, e.encapsulateV4(v, new byte[needed - 1], 0, 1, 2, 3, 4));
        assertEquals(needed, e.encapsulateV4(v, new byte[needed], 0, 1, 2, 3, 4));
        assertEquals(Reason.TOO_BIG, e.encapsulateV4(v, new byte[needed + 5], 6, 1, 2, 3, 4));
        assertEquals(Reason.NOT_PARSED, e.encapsulateV4(new PacketView(), out, 0, 1, 2, 3, 4));
        v.wrap(f, 0, 20).parse(k);
        assertEquals(Reason.TRUNCATED, e.encapsulateV6(v, out, 0, 1, 2, 3, 4, 5, 6));
    }

    /** Every IP frame of the captures, tunnelled: pcap4j finds the original datagram inside, byte for byte. */
    @Test
    void everyCapturedDatagramTravelsIntact() {
        byte[] out = new byte[70_000];
        int done = 0;
        for (byte[] f : Captures.ethernetFrames()) {
            if (v.wrap(f, 0, f.length).parse(k) == Reason.UNSUPPORTED_ETHERTYPE) {
                continue;
            }
            byte[] datagram = slice(f, v.l3Offset(), v.ipEnd());
            IpAddress src = v.ipVersion() == 4 ? FRONT4 : FRONT6;
            IpAddress dst = v.ipVersion() == 4 ? NODE4 : NODE6;
            int n = enc.encapsulate(v, out, 0, NODE_MAC, OWN_MAC, src, dst);
            int hdr = v.ipVersion() == 4 ? 20 : 40;
            assertEquals(14 + hdr + datagram.length, n);
            assertArrayEquals(datagram, slice(out, 14 + hdr, n));
            Pcap4jView p = new Pcap4jView(slice(out, 0, n));
            Packet outer = p.ips.get(0);
            assertEquals(dst, Pcap4jView.dst(outer));
            assertEquals(v.ipVersion() == 4 ? 4 : 41, out[14 + (v.ipVersion() == 4 ? 9 : 6)]);
            if (outer instanceof IpV4Packet p4) {
                assertTrue(p4.getHeader().hasValidChecksum(false));
            }
            assertArrayEquals(datagram, inner(p).getRawData());
            done++;
        }
        assertTrue(done >= 420, "tunnelled " + done);
    }
}
