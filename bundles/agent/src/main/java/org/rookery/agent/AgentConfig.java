package org.rookery.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import org.rookery.api.model.PortRange;

/**
 * What a node agent needs.
 *
 * @param frontend where the front-end receives reports
 * @param node the node's name as in its pool (or {@code POOL/NAME})
 * @param keyFile the shared key
 * @param intervalMillis time between reports
 * @param servicePorts local ports whose established connections count as active connections (empty: all)
 * @param weightHint the operator's weight hint, or -1
 * @param proc the /proc root
 */
public record AgentConfig(InetSocketAddress frontend, String node, Path keyFile, int intervalMillis,
                          List<PortRange> servicePorts, int weightHint, Path proc) {

    /** Default front-end UDP port of agent reports. */
    public static final int DEFAULT_PORT = 7070;

    /** Validates with one-line reasons. */
    public AgentConfig {
        if (frontend == null || frontend.isUnresolved()) {
            throw new IllegalArgumentException("front-end address " + frontend + " cannot be resolved");
        }
        if (intervalMillis < 100 || intervalMillis > 600_000) {
            throw new IllegalArgumentException("interval " + intervalMillis + " ms is outside 0.1-600 s");
        }
        if (weightHint < -1 || weightHint > 65535) {
            throw new IllegalArgumentException("weight hint " + weightHint + " is outside 0-65535");
        }
        servicePorts = List.copyOf(servicePorts);
        proc = proc == null ? Path.of("/proc") : proc;
    }

    /** {@code HOST[:PORT]} or {@code [V6]:PORT}, the port defaulting to {@link #DEFAULT_PORT}. */
    public static InetSocketAddress parseFrontend(String text) {
        String host = text.trim();
        int port = DEFAULT_PORT;
        int colon = host.lastIndexOf(':');
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("'" + text + "' lacks the closing ]");
            }
            if (end + 1 < host.length() && host.charAt(end + 1) == ':') {
                port = port(host.substring(end + 2), text);
            }
            host = host.substring(1, end);
        } else if (colon > 0 && host.indexOf(':') == colon) {
            port = port(host.substring(colon + 1), text);
            host = host.substring(0, colon);
        }
        return new InetSocketAddress(host, port);
    }

    private static int port(String p, String text) {
        try {
            int n = Integer.parseInt(p);
            if (n >= 1 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException("'" + text + "': port '" + p + "' is not 1-65535");
    }
}
