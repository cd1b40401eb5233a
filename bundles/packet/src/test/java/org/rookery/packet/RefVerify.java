package org.rookery.packet;

import static org.rookery.packet.RefChecksum.pseudo;
import static org.rookery.packet.RefChecksum.slice;

/**
 * Checks and fills the checksums of a parsed frame with {@link RefChecksum}: the view only says where
 * the headers are, every sum is computed by the naive reference.
 */
final class RefVerify {

    private RefVerify() {
    }

    static boolean valid(PacketView v) {
        byte[] b = v.buffer();
        int l3 = v.l3Offset();
        boolean v4 = v.ipVersion() == 4;
        if (v4 && !RefChecksum.valid(slice(b, l3, l3 + (b[l3] & 0x0F) * 4))) {
            return false;
        }
        byte[] seg = slice(b, v.l4Offset(), v.l4End());
        int proto = v.l4Protocol();
        if (proto == 1) {
            return RefChecksum.valid(seg);
        }
        if (proto == 17 && v4 && Frames.u16(seg, 6) == 0) {
            return true;
        }
        return RefChecksum.valid(pseudo(src(v), dst(v), proto, seg.length), seg);
    }

    /** Recomputes the IPv4 header and transport checksums in place (the transport first: a header change moves nothing). */
    static void fill(PacketView v) {
        byte[] b = v.buffer();
        int l3 = v.l3Offset();
        int l4 = v.l4Offset();
        int proto = v.l4Protocol();
        int at = l4 + (proto == 6 ? 16 : proto == 17 ? 6 : 2);
        boolean noUdpChecksum = proto == 17 && v.ipVersion() == 4 && Frames.u16(b, at) == 0;
        Frames.put16(b, at, 0);
        byte[] seg = slice(b, l4, v.l4End());
        int c = proto == 1 ? RefChecksum.checksum(seg) : RefChecksum.checksum(pseudo(src(v), dst(v), proto, seg.length), seg);
        Frames.put16(b, at, noUdpChecksum ? 0 : proto == 17 && c == 0 ? 0xFFFF : c);
        if (v.ipVersion() == 4) {
            Frames.put16(b, l3 + 10, 0);
            Frames.put16(b, l3 + 10, RefChecksum.checksum(slice(b, l3, l3 + (b[l3] & 0x0F) * 4)));
        }
    }

    static byte[] src(PacketView v) {
        int l3 = v.l3Offset();
        return v.ipVersion() == 4 ? slice(v.buffer(), l3 + 12, l3 + 16) : slice(v.buffer(), l3 + 8, l3 + 24);
    }

    static byte[] dst(PacketView v) {
        int l3 = v.l3Offset();
        return v.ipVersion() == 4 ? slice(v.buffer(), l3 + 16, l3 + 20) : slice(v.buffer(), v.pseudoDst, v.pseudoDst + 16);
    }
}
