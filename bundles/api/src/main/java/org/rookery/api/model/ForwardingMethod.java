package org.rookery.api.model;

import java.util.Locale;

/** How a service's traffic reaches its node, as {@code ipvsadm -g/-m/-i} and a proxy do it. */
public enum ForwardingMethod {
    /** Direct routing: only the destination MAC changes; the node answers the client itself. */
    DR,
    /** NAT: destination address and port rewritten; replies come back through the front-end. */
    NAT,
    /** IP-in-IP tunnel to the node's address. */
    TUN,
    /** A TCP/UDP proxy: the front-end terminates the connection and opens one to the node. */
    PROXY;

    /** Parses {@code dr}, {@code nat}, {@code tun} or {@code proxy}, case-insensitively. */
    public static ForwardingMethod parse(String text) {
        if (text != null) {
            for (ForwardingMethod m : values()) {
                if (m.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a forwarding mode; expected dr, nat, tun or proxy");
    }

    /** Lower-case name as operators type it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
