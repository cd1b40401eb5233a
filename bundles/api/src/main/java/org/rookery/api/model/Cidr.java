package org.rookery.api.model;

/** An address prefix such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; an address without a length is a host prefix. */
public record Cidr(IpAddress network, int prefixLength) {

    /** Validates the prefix length and clears host bits so that equal prefixes compare equal. */
    public Cidr {
        int max = network.isV4() ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0-" + max);
        }
        network = masked(network, prefixLength);
    }

    /** Parses {@code ADDR} or {@code ADDR/LEN}; throws {@link IllegalArgumentException} with the reason. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("prefix is empty; expected ADDR/LEN such as 10.0.0.0/8");
        }
        int slash = text.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
        int max = address.isV4() ? 32 : 128;
        if (slash < 0) {
            return new Cidr(address, max);
        }
        String len = text.substring(slash + 1).trim();
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length; expected 0-" + max);
        }
        return new Cidr(address, Integer.parseInt(len));
    }

    private static IpAddress masked(IpAddress a, int len) {
        if (a.isV4()) {
            long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
            return new IpAddress(IpAddress.V4, 0, a.lo() & mask);
        }
        return new IpAddress(IpAddress.V6, a.hi() & highMask(len), a.lo() & lowMask(len));
    }

    private static long highMask(int len) {
        if (len >= 64) {
            return -1L;
        }
        return len == 0 ? 0 : -1L << (64 - len);
    }

    private static long lowMask(int len) {
        if (len <= 64) {
            return 0;
        }
        return len == 128 ? -1L : -1L << (128 - len);
    }

    /** True when the address given as family and two longs lies in this prefix; allocation-free. */
    public boolean contains(int family, long hi, long lo) {
        if (family != network.family()) {
            return false;
        }
        if (family == IpAddress.V4) {
            long mask = prefixLength == 0 ? 0 : (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
            return (lo & mask) == network.lo();
        }
        return (hi & highMask(prefixLength)) == network.hi() && (lo & lowMask(prefixLength)) == network.lo();
    }

    /** True when the address lies in this prefix. */
    public boolean contains(IpAddress a) {
        return contains(a.family(), a.hi(), a.lo());
    }

    /** {@code ADDR/LEN}. */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
