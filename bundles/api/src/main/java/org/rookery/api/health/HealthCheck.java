package org.rookery.api.health;

import java.util.Locale;

/**
 * How the nodes of one pool are checked.
 *
 * @param pool the pool
 * @param type {@code tcp} (connect), {@code http} (GET, expected status) or {@code agent} (load reports arriving)
 * @param intervalMillis time between two checks of a node
 * @param timeoutMillis time a check may take; for {@code agent}, the largest accepted age of the last report
 * @param rise consecutive successes that bring a failed node back
 * @param fall consecutive failures that take a node down
 * @param port port to check, or 0 for the node's port (or the pool's service port when the node has none)
 * @param path HTTP path (http only)
 * @param expect expected HTTP status (http only)
 */
public record HealthCheck(String pool, String type, int intervalMillis, int timeoutMillis, int rise, int fall, int port,
                          String path, int expect) {

    /** Validates the fields with one-line reasons. */
    public HealthCheck {
        type = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        if (!type.equals("tcp") && !type.equals("http") && !type.equals("agent")) {
            throw new IllegalArgumentException("'" + type + "' is not a check type; expected tcp, http or agent");
        }
        if (intervalMillis < 100 || intervalMillis > 3_600_000) {
            throw new IllegalArgumentException("interval " + intervalMillis + " ms is outside 0.1-3600 s");
        }
        if (timeoutMillis < 10 || timeoutMillis > 600_000) {
            throw new IllegalArgumentException("timeout " + timeoutMillis + " ms is outside 0.01-600 s");
        }
        if (rise < 1 || rise > 100 || fall < 1 || fall > 100) {
            throw new IllegalArgumentException("rise " + rise + " and fall " + fall + " must be within 1-100");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
        path = path == null || path.isBlank() ? "/" : path.trim();
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("path '" + path + "' must start with / and hold no blanks or control characters");
        }
        if (expect < 100 || expect > 599) {
            throw new IllegalArgumentException("expected status " + expect + " is outside 100-599");
        }
    }
}
