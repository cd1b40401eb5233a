package org.rookery.commands.internal;

import org.rookery.api.model.IpAddress;

/** An address with an optional port: {@code 10.0.0.1}, {@code 10.0.0.1:8080}, {@code [2001:db8::1]:8080}. */
record Endpoint(IpAddress address, int port) {

    static Endpoint parse(String text) {
        String s = text.trim();
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' lacks ']'; expected [IPV6]:PORT");
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + text + "' is not ADDR or ADDR:PORT");
                }
                port = s.substring(close + 2);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        }
        int p = 0;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port '" + port + "' in '" + text + "' is not 1-65535");
            }
        }
        return new Endpoint(IpAddress.parse(host), p);
    }

    static String format(IpAddress a, int port) {
        String h = a.isV4() ? a.toString() : "[" + a + "]";
        return port == 0 ? a.toString() : h + ":" + port;
    }
}
