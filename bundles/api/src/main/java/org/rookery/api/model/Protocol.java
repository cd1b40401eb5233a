package org.rookery.api.model;

import java.util.Locale;

/** The transport protocols a service or rule can name, with their IP protocol numbers. */
public enum Protocol {
    /** Transmission Control Protocol. */
    TCP(6),
    /** User Datagram Protocol. */
    UDP(17),
    /** ICMP for IPv4. */
    ICMP(1),
    /** ICMP for IPv6. */
    ICMPV6(58);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IP protocol number. */
    public int number() {
        return number;
    }

    /** Parses {@code tcp}, {@code udp}, {@code icmp} or {@code icmpv6}, case-insensitively. */
    public static Protocol parse(String text) {
        if (text != null) {
            for (Protocol p : values()) {
                if (p.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a protocol; expected tcp, udp, icmp or icmpv6");
    }

    /** An IP protocol number given by name ({@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}) or as 0-255. */
    public static int numberOf(String text) {
        if (text != null && !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(text);
            if (n <= 255) {
                return n;
            }
        }
        return parse(text).number();
    }

    /** The name of an IP protocol number ({@code tcp}), or the number itself when it is none of these. */
    public static String nameOf(int number) {
        for (Protocol p : values()) {
            if (p.number == number) {
                return p.toString();
            }
        }
        return Integer.toString(number);
    }

    /** Lower-case name as operators type it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
