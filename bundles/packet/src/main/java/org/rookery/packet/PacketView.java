package org.rookery.packet;

import java.util.Objects;
import org.rookery.api.model.FlowKey;

/**
 * A reusable, mutable view over one Ethernet frame held in a caller's byte array.
 *
 * <p>A datapath thread owns one view and one {@link FlowKey}: {@link #wrap} points the view at a
 * frame, {@link #parse} validates the headers and fills the key in place. Nothing is copied and
 * nothing is allocated per packet, and no byte outside {@code buf[off, off+len)} is read. Offsets
 * returned by the accessors are absolute indexes into the buffer; they are meaningful after a
 * parse that returned {@link Reason#OK} (the IP offsets also whenever {@link #hasL3()} is true).
 * A view is not thread-safe.
 */
public final class PacketView {

    byte[] buf;
    int off;
    int len;
    int end;
    int reason = Reason.NOT_PARSED;

    int l2Length;
    int vlanTci;
    int etherType;
    boolean hasL3;
    int l3;
    int ipVersion;
    int ipEnd;
    int pseudoDst;
    int l4;
    int l4Protocol;
    int l4End;
    boolean firstFragment;
    int tcpFlags;
    int icmpType;
    int icmpCode;
    boolean icmpError;
    int innerL3;
    int innerL4;
    int innerProtocol;

    // What the flow key is made of: protocol, address offsets in the buffer, ports.
    int keyProtocol;
    int keySrc;
    int keyDst;
    int srcPort;
    int dstPort;

    // Results of one walk along an IPv6 extension header chain.
    int walkProtocol;
    int walkOffset;
    boolean walkFirstFragment;
    int walkPseudoDst;

    /** Points the view at the frame {@code buf[off, off+len)}; throws if those bounds are outside the array. */
    public PacketView wrap(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.end = off + len;
        this.reason = Reason.NOT_PARSED;
        this.hasL3 = false;
        return this;
    }

    /**
     * Parses the wrapped frame and, when the result allows a key, fills {@code out} (may be null).
     *
     * <p>Returns {@link Reason#OK}, or a negative {@link Reason}. The key is filled for OK and also for
     * {@link Reason#FRAGMENT} and {@link Reason#UNSUPPORTED_PROTOCOL}, with zero ports, so a caller
     * may still route such packets by address. {@code FlowKey} setters clear the ingress interface:
     * set it after parsing.
     */
    public int parse(FlowKey out) {
        if (buf == null) {
            return Reason.NOT_PARSED;
        }
        reset();
        int r = FrameParser.parse(this);
        reason = r;
        if (out != null && (r == Reason.OK || r == Reason.FRAGMENT || r == Reason.UNSUPPORTED_PROTOCOL)) {
            fillKey(out);
        }
        return r;
    }

    /** Verifies the IPv4 header checksum and the full TCP, UDP or ICMP checksum; returns BAD_CHECKSUM or the parse result. */
    public int verifyChecksums() {
        return ChecksumVerifier.verify(this);
    }

    private void reset() {
        l2Length = 0;
        vlanTci = -1;
        etherType = 0;
        hasL3 = false;
        l3 = off;
        ipVersion = 0;
        ipEnd = off;
        pseudoDst = 0;
        l4 = off;
        l4Protocol = -1;
        l4End = off;
        firstFragment = false;
        tcpFlags = 0;
        icmpType = -1;
        icmpCode = -1;
        icmpError = false;
        innerL3 = -1;
        innerL4 = -1;
        innerProtocol = -1;
        srcPort = 0;
        dstPort = 0;
    }

    private void fillKey(FlowKey k) {
        byte[] b = buf;
        if (ipVersion == 4) {
            k.setV4(keyProtocol, Bytes.i32(b, keySrc), Bytes.i32(b, keyDst), srcPort, dstPort);
        } else {
            k.setV6(keyProtocol, Bytes.i64(b, keySrc), Bytes.i64(b, keySrc + 8),
                    Bytes.i64(b, keyDst), Bytes.i64(b, keyDst + 8), srcPort, dstPort);
        }
        if (icmpError) {
            // The quote is of a packet that left towards the client; turn it round to the tracked direction.
            k.reverse().icmpError(true);
        } else if (l4Protocol == 6) {
            k.tcpFlags(tcpFlags & (FlowKey.FIN | FlowKey.SYN | FlowKey.RST | FlowKey.PSH | FlowKey.ACK));
        }
    }

    /** The wrapped array. */
    public byte[] buffer() {
        return buf;
    }

    /** Index of the first byte of the frame. */
    public int offset() {
        return off;
    }

    /** Length of the frame as wrapped (trailing Ethernet padding included). */
    public int length() {
        return len;
    }

    /** The result of the last parse, or NOT_PARSED. */
    public int reason() {
        return reason;
    }

    /** Length of the Ethernet header: 14, or 18 with an 802.1Q tag. */
    public int l2Length() {
        return l2Length;
    }

    /** The 802.1Q tag control information (priority, DEI, VLAN id), or -1 when untagged. */
    public int vlanTci() {
        return vlanTci;
    }

    /** The VLAN id, or -1 when untagged. */
    public int vlanId() {
        return vlanTci < 0 ? -1 : vlanTci & 0x0FFF;
    }

    /** The ethertype after any 802.1Q tag. */
    public int etherType() {
        return etherType;
    }

    /** True when the IP header was validated: the IP offsets and {@link #ipEnd()} may be used. */
    public boolean hasL3() {
        return hasL3;
    }

    /** Index of the IP header. */
    public int l3Offset() {
        return l3;
    }

    /** 4 or 6 once the IP header was validated, else 0. */
    public int ipVersion() {
        return ipVersion;
    }

    /** Index just past the IP datagram, as its length field says (Ethernet padding excluded). */
    public int ipEnd() {
        return ipEnd;
    }

    /** Index of the transport header, past IPv4 options and IPv6 extension headers. */
    public int l4Offset() {
        return l4;
    }

    /** The transport protocol number (after extension headers), or -1. */
    public int l4Protocol() {
        return l4Protocol;
    }

    /** Index just past the transport segment (for UDP as its length field says). */
    public int l4End() {
        return l4End;
    }

    /** True for the first fragment of a fragmented datagram: ports are here, the transport checksum is not checkable. */
    public boolean isFragment() {
        return firstFragment;
    }

    /** All eight TCP flag bits of a TCP segment, else 0. */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** The ICMP or ICMPv6 type, or -1. */
    public int icmpType() {
        return icmpType;
    }

    /** The ICMP or ICMPv6 code, or -1. */
    public int icmpCode() {
        return icmpCode;
    }

    /** True for an ICMP error whose key was taken from the quoted datagram. */
    public boolean isIcmpError() {
        return icmpError;
    }

    /** Index of the quoted IP header of an ICMP error, or -1. */
    public int innerL3Offset() {
        return innerL3;
    }

    /** Index of the quoted transport header of an ICMP error, or -1. */
    public int innerL4Offset() {
        return innerL4;
    }

    /** The quoted transport protocol of an ICMP error, or -1. */
    public int innerProtocol() {
        return innerProtocol;
    }
}
