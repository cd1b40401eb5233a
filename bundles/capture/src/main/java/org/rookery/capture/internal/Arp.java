package org.rookery.capture.internal;

import org.rookery.packet.Bytes;

/**
 * ARP over Ethernet for IPv4 (RFC 826), read and written in the caller's arrays: the front-end
 * answers requests for the VIPs it owns and asks for the MACs of nodes and next hops itself.
 */
final class Arp {

    /** Ethertype of ARP. */
    static final int ETHERTYPE = 0x0806;
    /** Length of an ARP frame without padding. */
    static final int LENGTH = 42;
    /** Operation: request. */
    static final int REQUEST = 1;
    /** Operation: reply. */
    static final int REPLY = 2;
    /** The broadcast MAC. */
    static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private Arp() {
    }

    /** True when {@code f[0, len)} is an untagged Ethernet/IPv4 ARP request or reply. */
    static boolean is(byte[] f, int len) {
        return len >= LENGTH && Bytes.u16(f, 12) == ETHERTYPE && Bytes.u16(f, 14) == 1 && Bytes.u16(f, 16) == 0x0800
                && f[18] == 6 && f[19] == 4;
    }

    /** The operation of an ARP frame. */
    static int operation(byte[] f) {
        return Bytes.u16(f, 20);
    }

    /** The sender's MAC. */
    static long senderMac(byte[] f) {
        return Bytes.u48(f, 22);
    }

    /** The sender's IPv4 address. */
    static int senderIp(byte[] f) {
        return Bytes.i32(f, 28);
    }

    /** The IPv4 address asked for (request) or answered to (reply). */
    static int targetIp(byte[] f) {
        return Bytes.i32(f, 38);
    }

    /**
     * Writes an ARP frame into {@code out} from index 0 and returns its length: a reply when
     * {@code op} is {@link #REPLY} (to {@code targetMac}/{@code targetIp}), a request otherwise
     * (broadcast, target MAC zero).
     */
    static int write(byte[] out, int op, long senderMac, int senderIp, long targetMac, int targetIp) {
        boolean reply = op == REPLY;
        Bytes.put48(out, 0, reply ? targetMac : BROADCAST);
        Bytes.put48(out, 6, senderMac);
        Bytes.put16(out, 12, ETHERTYPE);
        Bytes.put16(out, 14, 1);
        Bytes.put16(out, 16, 0x0800);
        out[18] = 6;
        out[19] = 4;
        Bytes.put16(out, 20, op);
        Bytes.put48(out, 22, senderMac);
        Bytes.put32(out, 28, senderIp);
        Bytes.put48(out, 32, reply ? targetMac : 0);
        Bytes.put32(out, 38, targetIp);
        return LENGTH;
    }

    /** A gratuitous ARP announcing {@code ip} at {@code mac} (a request for itself, as Linux sends them). */
    static int announce(byte[] out, long mac, int ip) {
        return write(out, REQUEST, mac, ip, 0, ip);
    }
}
