package org.rookery.api.model;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address held as two longs, the form the datapath compares without allocating.
 *
 * <p>IPv4 addresses keep {@code hi == 0} and the address in the low 32 bits of {@code lo}.
 * Parsing accepts literals only: a host name is an error, never a DNS lookup.
 */
public record IpAddress(int family, long hi, long lo) {

    /** Address family value for IPv4. */
    public static final int V4 = 4;
    /** Address family value for IPv6. */
    public static final int V6 = 6;

    /** Validates the family and the IPv4 range. */
    public IpAddress {
        if (family != V4 && family != V6) {
            throw new IllegalArgumentException("address family must be 4 or 6, not " + family);
        }
        if (family == V4 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
    }

    /** An IPv4 address from its 32-bit value. */
    public static IpAddress v4(int address) {
        return new IpAddress(V4, 0, address & 0xFFFFFFFFL);
    }

    /** Parses an IPv4 dotted quad or an IPv6 literal; throws {@link IllegalArgumentException} with the reason. */
    public static IpAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address is empty; expected an IPv4 or IPv6 literal such as 10.0.0.1");
        }
        String s = text.trim();
        if (s.indexOf(':') >= 0) {
            return parseV6(s, text);
        }
        return v4(parseV4(s, text));
    }

    private static int parseV4(String s, String original) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + original + "' is not an IPv4 address; expected four numbers 0-255 like 10.0.0.1");
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + original + "' is not an IPv4 address; expected four numbers 0-255 like 10.0.0.1");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + original + "' is not an IPv4 address: " + octet + " is above 255");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static IpAddress parseV6(String s, String original) {
        String literal = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + original + "' is not an IPv6 address");
        }
        try {
            // With only hex digits, colons and dots, InetAddress parses a literal and never resolves a name.
            byte[] b = InetAddress.getByName(literal).getAddress();
            if (b.length == 4) {
                return v4(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
            }
            return new IpAddress(V6, toLong(b, 0), toLong(b, 8));
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("'" + original + "' is not an IPv6 address");
        }
    }

    private static long toLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** True for an IPv4 address. */
    public boolean isV4() {
        return family == V4;
    }

    /** The address in network byte order: 4 bytes for IPv4, 16 for IPv6. */
    public byte[] toBytes() {
        if (family == V4) {
            return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    /** The same address as a {@link InetAddress}, without any name lookup. */
    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical text form (dotted quad, or RFC 5952 compressed IPv6). */
    @Override
    public String toString() {
        if (family == V4) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        return formatV6(hi, lo);
    }

    private static String formatV6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
