package org.rookery.packet;

import static org.rookery.packet.Bytes.u16;

/**
 * NAT of the datagram quoted by an ICMP error, so the receiver matches it to its own socket.
 *
 * <p>The quote travelled opposite to the error: a destination rewrite of the error changes the
 * quote's source address and port, a source rewrite its destination. Every changed word, and every
 * checksum of the quote updated in turn, is also covered by the outer ICMP checksum, so their deltas
 * are summed and applied to it once at the end.
 */
final class IcmpErrorRewriter {

    private IcmpErrorRewriter() {
    }

    static void rewrite(PacketView v, boolean destination, boolean v4, long hi, long lo, int port, int icmpDelta) {
        byte[] b = v.buf;
        int q = v.innerL3;
        int p = v.innerL4;
        int at = v4 ? q + (destination ? 12 : 16) : q + (destination ? 8 : 24);
        int da = Rewriter.replaceAddress(b, at, v4, hi, lo);
        icmpDelta += da;
        if (v4) {
            int old = u16(b, q + 10);
            int neu = Checksums.adjust(old, da);
            Bytes.put16(b, q + 10, neu);
            icmpDelta += Checksums.delta16(old, neu);
        }
        int proto = v.innerProtocol;
        if (proto == FrameParser.TCP || proto == FrameParser.UDP) {
            int l4Delta = da;
            if (port >= 0) {
                int dp = Rewriter.replace16(b, p + (destination ? 0 : 2), port);
                l4Delta += dp;
                icmpDelta += dp;
            }
            int csum = p + (proto == FrameParser.TCP ? 16 : 6);
            // The TCP checksum lies past the 8 bytes every error quotes: update it only when it is there.
            if (csum + 2 <= v.ipEnd) {
                if (proto == FrameParser.UDP) {
                    icmpDelta += Rewriter.udpChecksum(b, csum, l4Delta, v4);
                } else {
                    int old = u16(b, csum);
                    int neu = Checksums.adjust(old, l4Delta);
                    Bytes.put16(b, csum, neu);
                    icmpDelta += Checksums.delta16(old, neu);
                }
            }
        } else if (!v4) {
            // A quoted ICMPv6 message's checksum covers its pseudo header, and so the changed address.
            int old = u16(b, p + 2);
            int neu = Checksums.adjust(old, da);
            Bytes.put16(b, p + 2, neu);
            icmpDelta += Checksums.delta16(old, neu);
        }
        Checksums.apply(b, v.l4 + 2, icmpDelta);
    }
}
