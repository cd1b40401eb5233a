package org.rookery.packet;

import static org.rookery.packet.Bytes.u16;
import static org.rookery.packet.Bytes.u8;

/** The walk along an IPv6 extension header chain to the transport header, shared by frames and ICMPv6 quotes. */
final class Ipv6Chain {

    private Ipv6Chain() {
    }

    /**
     * Walks an IPv6 extension header chain from {@code p} to the transport header, stopping at
     * {@code end}. Leaves protocol, offset, first-fragment mark and the pseudo-header destination in
     * the view's walk fields. Returns OK, TRUNCATED, FRAGMENT (non-first) or UNSUPPORTED_PROTOCOL
     * (ESP or no next header, behind which nothing can be read). Each step moves at least 8 bytes.
     */
    static int walk(PacketView v, byte[] b, int p, int next, int end, int pseudoDst) {
        boolean first = false;
        v.walkPseudoDst = pseudoDst;
        while (true) {
            v.walkProtocol = next;
            v.walkOffset = p;
            switch (next) {
                // Hop-by-hop, routing, destination options, and the later types IANA lists as
                // extension headers in the uniform format of RFC 6564: mobility, HIP, shim6, experiments.
                case 0, 43, 60, 135, 139, 140, 253, 254 -> {
                    if (p + 8 > end) {
                        return Reason.TRUNCATED;
                    }
                    int hlen = (u8(b, p + 1) + 1) << 3;
                    if (p + hlen > end) {
                        return Reason.TRUNCATED;
                    }
                    if (next == 43 && u8(b, p + 3) != 0) {
                        v.walkPseudoDst = finalDestination(b, p, v.walkPseudoDst);
                    }
                    next = u8(b, p);
                    p += hlen;
                }
                case FrameParser.AH -> {
                    if (p + 8 > end) {
                        return Reason.TRUNCATED;
                    }
                    int hlen = (u8(b, p + 1) + 2) << 2;
                    if (p + hlen > end) {
                        return Reason.TRUNCATED;
                    }
                    next = u8(b, p);
                    p += hlen;
                }
                case 44 -> {
                    if (p + 8 > end) {
                        return Reason.TRUNCATED;
                    }
                    int fo = u16(b, p + 2);
                    next = u8(b, p);
                    p += 8;
                    if ((fo & 0xFFF8) != 0) {
                        v.walkProtocol = next;
                        v.walkOffset = p;
                        return Reason.FRAGMENT;
                    }
                    // Offset 0 with M clear is an atomic fragment (RFC 6946): a whole datagram.
                    first |= (fo & 1) != 0;
                }
                case 50, 59 -> {
                    return Reason.UNSUPPORTED_PROTOCOL;
                }
                default -> {
                    v.walkFirstFragment = first;
                    return Reason.OK;
                }
            }
        }
    }

    /**
     * The offset of the address that the transport checksum's pseudo header uses when a routing
     * header still has segments left (RFC 8200 8.1: the final destination), for the routing types
     * whose final address is plain to see: 0 and 2 (the last address) and 4, segment routing (the
     * first entry). Other types keep the header's destination.
     */
    private static int finalDestination(byte[] b, int rh, int current) {
        int type = u8(b, rh + 2);
        int units = u8(b, rh + 1);
        if ((type == 0 || type == 2) && units >= 2) {
            return rh + 8 + 16 * (units / 2 - 1);
        }
        if (type == 4 && units >= 2) {
            return rh + 8;
        }
        return current;
    }
}
