package org.rookery.admin.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.UnaryOperator;

/**
 * Where the admin listener binds and what it asks of clients, resolved from its configuration and the
 * framework properties. The rule that keeps the surface locked down lives here: an address other than
 * loopback without a token is refused, with one line that says how to put it right.
 */
record AdminSettings(InetSocketAddress address, String token) {

    /** Default port, next to Prometheus exporters' customary 9xxx range. */
    static final int DEFAULT_PORT = 9280;

    /** Thrown when the configuration must not be served; the message is the one line logged and shown by health. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Resolves the configuration; {@code props} answers framework properties ({@code rookery.admin.host},
     * {@code rookery.admin.port}), null when unset.
     */
    static AdminSettings resolve(AdminConfig config, UnaryOperator<String> props) throws Refused {
        String host = config.address().isBlank() ? orDefault(props.apply("rookery.admin.host"), "127.0.0.1")
                : config.address().trim();
        int port = config.port();
        if (port == 0) {
            String p = orDefault(props.apply("rookery.admin.port"), Integer.toString(DEFAULT_PORT));
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new Refused("admin HTTP refuses to start: rookery.admin.port '" + p + "' is not a port 1-65535");
            }
        }
        if (port < 1 || port > 65535) {
            throw new Refused("admin HTTP refuses to start: port " + port + " is not 1-65535 (org.rookery.admin port)");
        }
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("admin HTTP refuses to start: address '" + host + "' is not an IP address or known host name");
        }
        String token = config.token() == null ? "" : config.token().trim();
        if (!addr.isLoopbackAddress() && token.isEmpty()) {
            throw new Refused("admin HTTP refuses to listen on " + host + ":" + port
                    + ": no token is configured; set token in org.rookery.admin (requests then need"
                    + " 'Authorization: Bearer TOKEN') or keep address 127.0.0.1");
        }
        return new AdminSettings(new InetSocketAddress(addr, port), token);
    }

    /** Whether requests must carry the token. */
    boolean needsToken() {
        return !token.isEmpty();
    }

    private static String orDefault(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v.trim();
    }
}
