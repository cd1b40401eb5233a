package org.rookery.packet;

/**
 * Outcome codes of parsing, verifying, rewriting and encapsulating: {@link #OK} or a negative reason.
 *
 * <p>Codes are ints so the hot path returns them without allocating; {@link #index(int)} turns a
 * code into a slot of a counter array of {@link #COUNT} slots and {@link #name(int)} names the slot.
 */
public final class Reason {

    /** The frame is usable. */
    public static final int OK = 0;
    /** A header runs past the end of the frame or of the IP datagram. */
    public static final int TRUNCATED = -1;
    /** The IP version disagrees with the ethertype (or with the outer header of an ICMP quote). */
    public static final int BAD_VERSION = -2;
    /** An IP or UDP length field disagrees with the frame or with its own header. */
    public static final int BAD_LENGTH = -3;
    /** An IPv4 IHL or a TCP data offset below the minimum header size. */
    public static final int BAD_HEADER_LENGTH = -4;
    /** A non-first fragment: it carries no ports, so the key holds addresses and protocol only. */
    public static final int FRAGMENT = -5;
    /** Neither IPv4 nor IPv6 (after at most one 802.1Q tag). */
    public static final int UNSUPPORTED_ETHERTYPE = -6;
    /** A transport other than TCP, UDP or ICMP of the frame's family; the key holds addresses and protocol. */
    public static final int UNSUPPORTED_PROTOCOL = -7;
    /** An ICMP error whose quoted datagram is too short or malformed, or quotes another ICMP error. */
    public static final int BAD_ICMP = -8;
    /** A checksum does not verify. */
    public static final int BAD_CHECKSUM = -9;
    /** The result would not fit the output buffer or the 16-bit IP length. */
    public static final int TOO_BIG = -10;
    /** The view holds no parsed frame. */
    public static final int NOT_PARSED = -11;
    /** Number of codes, for counter arrays indexed by {@link #index(int)}. */
    public static final int COUNT = 12;

    private static final String[] NAMES = {
        "ok", "truncated", "bad-version", "bad-length", "bad-header-length", "fragment",
        "unsupported-ethertype", "unsupported-protocol", "bad-icmp", "bad-checksum", "too-big", "not-parsed",
    };

    private Reason() {
    }

    /** The counter slot of a code: 0 for OK, 1.. for the reasons; codes outside the range map to NOT_PARSED. */
    public static int index(int reason) {
        return reason <= 0 && reason > -COUNT ? -reason : -NOT_PARSED;
    }

    /** The name of a code as counters show it, e.g. {@code "bad-length"}. */
    public static String name(int reason) {
        return NAMES[index(reason)];
    }
}
