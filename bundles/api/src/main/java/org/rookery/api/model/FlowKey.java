package org.rookery.api.model;

/**
 * The key of one flow: protocol, source and destination address and port, plus the TCP flags and
 * ingress interface of the packet it was taken from.
 *
 * <p>A flow key is a mutable flyweight: a datapath thread owns one and refills it for every packet,
 * so the hot path allocates nothing. Keys that must outlive the packet are copied with {@link #copy()}.
 * Addresses are two longs as in {@link IpAddress}. For an ICMP error the key is that of the quoted
 * flow, turned round to the direction the front-end tracks it in, and {@link #icmpError()} is set.
 */
public final class FlowKey {

    /** TCP FIN flag bit. */
    public static final int FIN = 0x01;
    /** TCP SYN flag bit. */
    public static final int SYN = 0x02;
    /** TCP RST flag bit. */
    public static final int RST = 0x04;
    /** TCP PSH flag bit. */
    public static final int PSH = 0x08;
    /** TCP ACK flag bit. */
    public static final int ACK = 0x10;

    private int family;
    private int protocol;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int srcPort;
    private int dstPort;
    private int tcpFlags;
    private boolean icmpError;
    private String ingress;

    /** An empty key, to be filled by a parser or the setters. */
    public FlowKey() {
    }

    /** Fills the key for an IPv4 flow and clears flags, ICMP mark and interface. */
    public FlowKey setV4(int proto, int src, int dst, int sport, int dport) {
        return set(IpAddress.V4, proto, 0, src & 0xFFFFFFFFL, 0, dst & 0xFFFFFFFFL, sport, dport);
    }

    /** Fills the key for an IPv6 flow and clears flags, ICMP mark and interface. */
    public FlowKey setV6(int proto, long srcHigh, long srcLow, long dstHigh, long dstLow, int sport, int dport) {
        return set(IpAddress.V6, proto, srcHigh, srcLow, dstHigh, dstLow, sport, dport);
    }

    /** Fills the key from two addresses of the same family. */
    public FlowKey set(int proto, IpAddress src, int sport, IpAddress dst, int dport) {
        if (src.family() != dst.family()) {
            throw new IllegalArgumentException("source and destination address families differ");
        }
        return set(src.family(), proto, src.hi(), src.lo(), dst.hi(), dst.lo(), sport, dport);
    }

    private FlowKey set(int fam, int proto, long sh, long sl, long dh, long dl, int sport, int dport) {
        family = fam;
        protocol = proto;
        srcHi = sh;
        srcLo = sl;
        dstHi = dh;
        dstLo = dl;
        srcPort = sport;
        dstPort = dport;
        tcpFlags = 0;
        icmpError = false;
        ingress = null;
        return this;
    }

    /** Sets the TCP flags of the packet (see the flag constants). */
    public FlowKey tcpFlags(int flags) {
        tcpFlags = flags;
        return this;
    }

    /** Marks the key as taken from the flow quoted by an ICMP error. */
    public FlowKey icmpError(boolean fromIcmpError) {
        icmpError = fromIcmpError;
        return this;
    }

    /** Sets the ingress interface name (null when unknown). */
    public FlowKey ingress(String iface) {
        ingress = iface;
        return this;
    }

    /** Swaps source and destination, address and port. */
    public FlowKey reverse() {
        long h = srcHi;
        long l = srcLo;
        int p = srcPort;
        srcHi = dstHi;
        srcLo = dstLo;
        srcPort = dstPort;
        dstHi = h;
        dstLo = l;
        dstPort = p;
        return this;
    }

    /** Copies every field of another key into this one. */
    public FlowKey copyFrom(FlowKey o) {
        set(o.family, o.protocol, o.srcHi, o.srcLo, o.dstHi, o.dstLo, o.srcPort, o.dstPort);
        tcpFlags = o.tcpFlags;
        icmpError = o.icmpError;
        ingress = o.ingress;
        return this;
    }

    /** A new key equal to this one. */
    public FlowKey copy() {
        return new FlowKey().copyFrom(this);
    }

    /** Address family, {@link IpAddress#V4} or {@link IpAddress#V6}; 0 when empty. */
    public int family() {
        return family;
    }

    /** IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6). */
    public int protocol() {
        return protocol;
    }

    /** High 64 bits of the source address (0 for IPv4). */
    public long srcHi() {
        return srcHi;
    }

    /** Low 64 bits of the source address (the IPv4 address itself). */
    public long srcLo() {
        return srcLo;
    }

    /** High 64 bits of the destination address (0 for IPv4). */
    public long dstHi() {
        return dstHi;
    }

    /** Low 64 bits of the destination address (the IPv4 address itself). */
    public long dstLo() {
        return dstLo;
    }

    /** Source port, or the ICMP identifier for echo, else 0. */
    public int srcPort() {
        return srcPort;
    }

    /** Destination port, else 0. */
    public int dstPort() {
        return dstPort;
    }

    /** TCP flags of the packet the key came from. */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** True when the key is that of a flow quoted by an ICMP error. */
    public boolean icmpError() {
        return icmpError;
    }

    /** Ingress interface name, or null. */
    public String ingress() {
        return ingress;
    }

    /** The source address as a value (allocates; not for the hot path). */
    public IpAddress source() {
        return new IpAddress(family, srcHi, srcLo);
    }

    /** The destination address as a value (allocates; not for the hot path). */
    public IpAddress destination() {
        return new IpAddress(family, dstHi, dstLo);
    }

    /** A well-mixed 64-bit hash of the 5-tuple (flags, ICMP mark and interface excluded); allocation-free. */
    public long hash64() {
        long h = mix(srcHi ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ srcLo);
        h = mix(h ^ dstHi);
        h = mix(h ^ dstLo);
        h = mix(h ^ (((long) srcPort << 32) | ((long) dstPort << 8) | protocol));
        return h;
    }

    /** A well-mixed 64-bit hash of the source address masked to {@code prefixLength} bits. */
    public long sourceHash64(int prefixLength) {
        long hi = srcHi;
        long lo = srcLo;
        if (family == IpAddress.V4) {
            int len = Math.max(0, Math.min(32, prefixLength));
            long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
            lo &= mask;
        } else {
            int len = Math.max(0, Math.min(128, prefixLength));
            hi &= len >= 64 ? -1L : (len == 0 ? 0 : -1L << (64 - len));
            lo &= len <= 64 ? 0 : (len == 128 ? -1L : -1L << (128 - len));
        }
        return mix(mix(hi ^ 0xC2B2AE3D27D4EB4FL) ^ lo);
    }

    /** The 64-bit finaliser of SplitMix64 / MurmurHash3. */
    public static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** True when the 5-tuples are equal (flags, ICMP mark and interface ignored). */
    public boolean sameFlow(FlowKey o) {
        return family == o.family && protocol == o.protocol && srcHi == o.srcHi && srcLo == o.srcLo
                && dstHi == o.dstHi && dstLo == o.dstLo && srcPort == o.srcPort && dstPort == o.dstPort;
    }

    /** Equality of the 5-tuple. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && sameFlow(k);
    }

    /** Hash of the 5-tuple. */
    @Override
    public int hashCode() {
        return (int) hash64();
    }

    /** {@code tcp 10.0.0.1:1234 -> 10.0.0.100:80} (allocates; for logs and commands). */
    @Override
    public String toString() {
        String p = switch (protocol) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            default -> "proto" + protocol;
        };
        if (family == 0) {
            return "empty";
        }
        return p + " " + endpoint(source(), srcPort) + " -> " + endpoint(destination(), dstPort)
                + (icmpError ? " (icmp error)" : "");
    }

    private static String endpoint(IpAddress a, int port) {
        return a.isV4() ? a + ":" + port : "[" + a + "]:" + port;
    }
}
