package org.rookery.packet;

import static org.rookery.packet.Bytes.u16;

import org.rookery.api.model.IpAddress;

/**
 * In-place rewrites of a parsed frame for the forwarding methods: MAC addresses (direct routing) and
 * addresses and ports (NAT), with every checksum they touch updated incrementally (RFC 1624).
 *
 * <p>A destination rewrite sends a client's packet to a node; a source rewrite makes a node's reply
 * come from the VIP again. On an ICMP error the quoted datagram travelled the other way, so a
 * destination rewrite also changes the quote's source and a source rewrite the quote's destination,
 * as IPVS does. Address and port rewrites need a view whose parse returned OK; they return OK, the
 * view's reason, or BAD_VERSION when the address family is not the frame's. A port of -1 keeps the
 * port; ICMP echo identifiers are never changed.
 */
public final class Rewriter {

    private Rewriter() {
    }

    /** Sets the destination MAC (48 bits in a long, see {@link Macs}); needs only a whole Ethernet header. */
    public static int setDestinationMac(PacketView v, long mac) {
        return setMac(v, 0, mac);
    }

    /** Sets the source MAC (48 bits in a long, see {@link Macs}); needs only a whole Ethernet header. */
    public static int setSourceMac(PacketView v, long mac) {
        return setMac(v, 6, mac);
    }

    private static int setMac(PacketView v, int at, long mac) {
        if (v.buf == null) {
            return Reason.NOT_PARSED;
        }
        if (v.len < 14) {
            return Reason.TRUNCATED;
        }
        Bytes.put48(v.buf, v.off + at, mac);
        return Reason.OK;
    }

    /** Rewrites the IPv4 destination address and, unless {@code port} is -1, the destination port. */
    public static int rewriteDestinationV4(PacketView v, int address, int port) {
        return rewrite(v, true, true, 0, address & 0xFFFFFFFFL, port);
    }

    /** Rewrites the IPv4 source address and, unless {@code port} is -1, the source port. */
    public static int rewriteSourceV4(PacketView v, int address, int port) {
        return rewrite(v, false, true, 0, address & 0xFFFFFFFFL, port);
    }

    /** Rewrites the IPv6 destination address (two longs as in {@link IpAddress}) and, unless -1, the port. */
    public static int rewriteDestinationV6(PacketView v, long hi, long lo, int port) {
        return rewrite(v, true, false, hi, lo, port);
    }

    /** Rewrites the IPv6 source address (two longs as in {@link IpAddress}) and, unless -1, the port. */
    public static int rewriteSourceV6(PacketView v, long hi, long lo, int port) {
        return rewrite(v, false, false, hi, lo, port);
    }

    /** Rewrites the destination address and port, the family taken from the address. */
    public static int rewriteDestination(PacketView v, IpAddress address, int port) {
        return rewrite(v, true, address.isV4(), address.hi(), address.lo(), port);
    }

    /** Rewrites the source address and port, the family taken from the address. */
    public static int rewriteSource(PacketView v, IpAddress address, int port) {
        return rewrite(v, false, address.isV4(), address.hi(), address.lo(), port);
    }

    private static int rewrite(PacketView v, boolean destination, boolean v4, long hi, long lo, int port) {
        if (v.reason != Reason.OK) {
            return v.reason;
        }
        if (v.ipVersion != (v4 ? 4 : 6)) {
            return Reason.BAD_VERSION;
        }
        byte[] b = v.buf;
        int l3 = v.l3;
        int at = v4 ? l3 + (destination ? 16 : 12) : l3 + (destination ? 24 : 8);
        int d = replaceAddress(b, at, v4, hi, lo);
        if (v4) {
            Checksums.apply(b, l3 + 10, d);
        }
        // The transport pseudo header holds this address, unless a routing header names another final destination.
        int pd = destination && !v4 && v.pseudoDst != at ? 0 : d;
        int p = v.l4;
        switch (v.l4Protocol) {
            case FrameParser.TCP -> {
                if (port >= 0) {
                    pd += replace16(b, p + (destination ? 2 : 0), port);
                }
                Checksums.apply(b, p + 16, pd);
            }
            case FrameParser.UDP -> {
                if (port >= 0) {
                    pd += replace16(b, p + (destination ? 2 : 0), port);
                }
                udpChecksum(b, p + 6, pd, v4);
            }
            default -> {
                if (v.icmpError) {
                    IcmpErrorRewriter.rewrite(v, destination, v4, hi, lo, port, v4 ? 0 : pd);
                } else if (!v4) {
                    Checksums.apply(b, p + 2, pd); // ICMPv6 covers the pseudo header, ICMPv4 does not
                }
            }
        }
        return Reason.OK;
    }

    /**
     * Applies a delta to a UDP checksum: over IPv4 a zero checksum means "none" and stays zero; a
     * computed zero is sent as 0xFFFF, its other ones'-complement form (RFC 768).
     */
    static int udpChecksum(byte[] b, int at, int delta, boolean v4) {
        int old = u16(b, at);
        if (v4 && old == 0) {
            return 0;
        }
        int neu = Checksums.adjust(old, delta);
        if (neu == 0) {
            neu = 0xFFFF;
        }
        Bytes.put16(b, at, neu);
        return Checksums.delta16(old, neu);
    }

    /** Writes a 16-bit field and returns the checksum delta of the change. */
    static int replace16(byte[] b, int at, int value) {
        int old = u16(b, at);
        Bytes.put16(b, at, value);
        return Checksums.delta16(old, value);
    }

    /** Writes an address (4 or 16 bytes) and returns the checksum delta of the change. */
    static int replaceAddress(byte[] b, int at, boolean v4, long hi, long lo) {
        if (v4) {
            int old = Bytes.i32(b, at);
            Bytes.put32(b, at, (int) lo);
            return Checksums.delta32(old, (int) lo);
        }
        int d = Checksums.delta32(Bytes.i32(b, at), (int) (hi >>> 32))
                + Checksums.delta32(Bytes.i32(b, at + 4), (int) hi)
                + Checksums.delta32(Bytes.i32(b, at + 8), (int) (lo >>> 32))
                + Checksums.delta32(Bytes.i32(b, at + 12), (int) lo);
        Bytes.put64(b, at, hi);
        Bytes.put64(b, at + 8, lo);
        return d;
    }
}
