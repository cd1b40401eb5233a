package org.rookery.packet;

import static org.rookery.packet.RefChecksum.concat;

import org.rookery.api.model.IpAddress;

/** Hand-made frames for tests; checksums come from {@link RefChecksum}, never from the code under test. */
final class Frames {

    static final long DST_MAC = 0x020000000001L;
    static final long SRC_MAC = 0x020000000002L;

    static final byte[] CLIENT4 = ip("198.51.100.7");
    static final byte[] VIP4 = ip("192.0.2.100");
    static final byte[] NODE4 = ip("10.1.0.11");
    static final byte[] ROUTER4 = ip("203.0.113.1");
    static final byte[] CLIENT6 = ip("2001:db8:c::7");
    static final byte[] VIP6 = ip("2001:db8:f::100");
    static final byte[] NODE6 = ip("fd00:1::11");
    static final byte[] ROUTER6 = ip("2001:db8:1::1");
    private static final byte[] REPLY_DATA = "hello, rookery".getBytes();
    private static final int ACK = 0x10;

    private Frames() {
    }

    static byte[] ip(String literal) {
        return IpAddress.parse(literal).toBytes();
    }

    static byte[] tcp(int sport, int dport, int flags, int optionBytes, byte[] data) {
        byte[] h = new byte[20 + optionBytes];
        put16(h, 0, sport);
        put16(h, 2, dport);
        put32(h, 4, 0x01020304);
        put32(h, 8, 0x0A0B0C0D);
        h[12] = (byte) (((20 + optionBytes) / 4) << 4);
        h[13] = (byte) flags;
        put16(h, 14, 65535);
        for (int i = 20; i < h.length; i++) {
            h[i] = 1; // NOP options
        }
        return concat(h, data);
    }

    static byte[] udp(int sport, int dport, byte[] data) {
        byte[] h = new byte[8];
        put16(h, 0, sport);
        put16(h, 2, dport);
        put16(h, 4, 8 + data.length);
        return concat(h, data);
    }

    static byte[] icmp(int type, int code, int rest, byte[] data) {
        byte[] h = new byte[8];
        h[0] = (byte) type;
        h[1] = (byte) code;
        put32(h, 4, rest);
        return concat(h, data);
    }

    /** An IPv4 datagram; the transport checksum is filled unless the datagram is a fragment. */
    static byte[] ipv4(byte[] src, byte[] dst, int proto, byte[] options, int fragField, byte[] payload) {
        byte[] l4 = payload.clone();
        if ((fragField & 0x3FFF) == 0) {
            fillTransportChecksum(proto, l4, src, dst, 1);
        }
        int ihl = 20 + options.length;
        byte[] h = new byte[ihl];
        h[0] = (byte) (0x40 | ihl / 4);
        put16(h, 2, ihl + l4.length);
        put16(h, 4, 0x1234);
        put16(h, 6, fragField);
        h[8] = 64;
        h[9] = (byte) proto;
        System.arraycopy(src, 0, h, 12, 4);
        System.arraycopy(dst, 0, h, 16, 4);
        System.arraycopy(options, 0, h, 20, options.length);
        put16(h, 10, RefChecksum.checksum(h));
        return concat(h, l4);
    }

    /** An IPv6 datagram with an extension chain {@code ext}; the checksum of {@code l4proto} is filled when asked. */
    static byte[] ipv6(byte[] src, byte[] dst, int next, byte[] ext, int l4proto, byte[] payload, boolean checksum) {
        byte[] l4 = payload.clone();
        if (checksum) {
            fillTransportChecksum(l4proto, l4, src, dst, 58);
        }
        byte[] h = new byte[40];
        put32(h, 0, 0x6012_3456);
        put16(h, 4, ext.length + l4.length);
        h[6] = (byte) next;
        h[7] = 64;
        System.arraycopy(src, 0, h, 8, 16);
        System.arraycopy(dst, 0, h, 24, 16);
        return concat(h, ext, l4);
    }

    static byte[] ipv6(byte[] src, byte[] dst, int proto, byte[] payload) {
        return ipv6(src, dst, proto, new byte[0], proto, payload, true);
    }

    static void fillTransportChecksum(int proto, byte[] l4, byte[] src, byte[] dst, int icmpProto) {
        int at = proto == 6 ? 16 : proto == 17 ? 6 : proto == icmpProto ? 2 : -1;
        if (at < 0 || l4.length < at + 2) {
            return;
        }
        put16(l4, at, 0);
        int c = proto == 1 ? RefChecksum.checksum(l4) : RefChecksum.checksum(RefChecksum.pseudo(src, dst, proto, l4.length), l4);
        if (proto == 17 && c == 0) {
            c = 0xFFFF;
        }
        put16(l4, at, c);
    }

    /** A hop-by-hop, destination options or routing-like header of {@code units} 8-byte units after the first, padded with Pad1. */
    static byte[] ext(int next, int units) {
        byte[] h = new byte[8 * (units + 1)];
        h[0] = (byte) next;
        h[1] = (byte) units;
        return h;
    }

    /** A type 0 routing header with the given addresses. */
    static byte[] routing(int next, int segmentsLeft, byte[]... addresses) {
        byte[] h = new byte[8];
        h[0] = (byte) next;
        h[1] = (byte) (2 * addresses.length);
        h[3] = (byte) segmentsLeft;
        return concat(h, concat(addresses));
    }

    static byte[] fragment(int next, int offsetUnits, boolean more) {
        byte[] h = new byte[8];
        h[0] = (byte) next;
        put16(h, 2, (offsetUnits << 3) | (more ? 1 : 0));
        put32(h, 4, 0xCAFE);
        return h;
    }

    /** An authentication header of {@code words} 32-bit words in all (length field words - 2). */
    static byte[] ah(int next, int words) {
        byte[] h = new byte[4 * words];
        h[0] = (byte) next;
        h[1] = (byte) (words - 2);
        return h;
    }

    static byte[] eth(int vlanTci, int etherType, byte[] l3, int padding) {
        byte[] h = new byte[vlanTci < 0 ? 14 : 18];
        put48(h, 0, DST_MAC);
        put48(h, 6, SRC_MAC);
        if (vlanTci < 0) {
            put16(h, 12, etherType);
        } else {
            put16(h, 12, 0x8100);
            put16(h, 14, vlanTci);
            put16(h, 16, etherType);
        }
        return concat(h, l3, new byte[padding]);
    }

    static byte[] eth4(byte[] l3) {
        return eth(-1, 0x0800, l3, 0);
    }

    static byte[] eth6(byte[] l3) {
        return eth(-1, 0x86DD, l3, 0);
    }

    static byte[] first(byte[] b, int n) {
        return RefChecksum.slice(b, 0, Math.min(n, b.length));
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, int v) {
        put16(b, i, v >>> 16);
        put16(b, i + 2, v);
    }

    static void put48(byte[] b, int i, long v) {
        put16(b, i, (int) (v >>> 32));
        put32(b, i + 2, (int) v);
    }

    static int int4(byte[] a) {
        return ((a[0] & 0xFF) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
    }

    static long hi(byte[] a) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (a[i] & 0xFF);
        }
        return v;
    }

    static long lo(byte[] a) {
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (a[i] & 0xFF);
        }
        return v;
    }

    /** The datagram a node sent back towards the client, as an error quotes it. */
    static byte[] replyV4(int proto) {
        byte[] l4 = proto == 6 ? tcp(80, 40000, ACK, 0, REPLY_DATA) : udp(53, 5353, REPLY_DATA);
        return ipv4(VIP4, CLIENT4, proto, new byte[0], 0x4000, l4);
    }

    static byte[] replyV6(int proto) {
        byte[] l4 = proto == 6 ? tcp(80, 40000, ACK, 0, REPLY_DATA) : udp(53, 5353, REPLY_DATA);
        return ipv6(VIP6, CLIENT6, proto, l4);
    }
}
