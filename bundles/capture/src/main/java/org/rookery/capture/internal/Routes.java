package org.rookery.capture.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's IPv4 routes through one interface ({@code /proc/net/route}), for the next hop of a
 * frame Rookery sends to an address it has not seen yet (a NAT reply to a client behind a router, a
 * node's own outgoing connection). Longest prefix first; arrays only, so lookups allocate nothing.
 */
final class Routes {

    /** From {@link #nextHop}: no route through the interface. */
    static final int NO_ROUTE = 0;

    private final int[] destinations;
    private final int[] masks;
    private final int[] gateways;

    private Routes(int[] destinations, int[] masks, int[] gateways) {
        this.destinations = destinations;
        this.masks = masks;
        this.gateways = gateways;
    }

    /** No routes: every next hop is unknown. */
    static final Routes NONE = new Routes(new int[0], new int[0], new int[0]);

    /** The routes through {@code iface} in a file of {@code /proc/net/route}'s format; none when unreadable. */
    static Routes read(Path procNetRoute, String iface) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procNetRoute);
        } catch (IOException e) {
            return NONE;
        }
        List<long[]> rows = new ArrayList<>();
        for (String line : lines) {
            // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT (hex, little-endian)
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[0].equals(iface)) {
                continue;
            }
            try {
                int flags = Integer.parseInt(f[3], 16);
                if ((flags & 0x1) == 0) {
                    continue; // not up
                }
                rows.add(new long[] {swap(f[1]), swap(f[2]), swap(f[7])});
            } catch (NumberFormatException e) {
                // the header line
            }
        }
        rows.sort((a, b) -> Integer.compare(Integer.bitCount((int) b[2]), Integer.bitCount((int) a[2])));
        int n = rows.size();
        int[] d = new int[n];
        int[] g = new int[n];
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = (int) rows.get(i)[0];
            g[i] = (int) rows.get(i)[1];
            m[i] = (int) rows.get(i)[2];
        }
        return new Routes(d, m, g);
    }

    /** The kernel prints each address as the hex of its in-memory (network order) int on a little-endian host. */
    private static long swap(String hex) {
        return Integer.reverseBytes((int) Long.parseLong(hex, 16)) & 0xFFFFFFFFL;
    }

    /** The next hop towards {@code address}: the address itself when on-link, its gateway, or {@link #NO_ROUTE}. */
    int nextHop(int address) {
        for (int i = 0; i < destinations.length; i++) {
            if ((address & masks[i]) == destinations[i]) {
                return gateways[i] == 0 ? address : gateways[i];
            }
        }
        return NO_ROUTE;
    }

    /** Number of routes. */
    int size() {
        return destinations.length;
    }
}
