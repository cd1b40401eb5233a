package org.rookery.api.model;

/** An inclusive range of ports, {@code P} or {@code P-Q}, within 0-65535. */
public record PortRange(int first, int last) {

    /** Validates the bounds. */
    public PortRange {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " is invalid; expected P or P-Q with 0 <= P <= Q <= 65535");
        }
    }

    /** A range of one port. */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /** Parses {@code P} or {@code P-Q}; throws {@link IllegalArgumentException} with the reason. */
    public static PortRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("port is empty; expected P or P-Q such as 80 or 8000-8099");
        }
        String s = text.trim();
        int dash = s.indexOf('-');
        try {
            if (dash < 0) {
                return of(parsePort(s));
            }
            return new PortRange(parsePort(s.substring(0, dash)), parsePort(s.substring(dash + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port or port range; expected P or P-Q with ports 0-65535, P <= Q");
        }
    }

    private static int parsePort(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(s);
        }
        int p = Integer.parseInt(t);
        if (p > 65535) {
            throw new IllegalArgumentException(s);
        }
        return p;
    }

    /** True when the port lies in the range. */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /** True when the two ranges share a port. */
    public boolean overlaps(PortRange other) {
        return first <= other.last && other.first <= last;
    }

    /** Number of ports in the range. */
    public int size() {
        return last - first + 1;
    }

    /** {@code P} or {@code P-Q}. */
    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
