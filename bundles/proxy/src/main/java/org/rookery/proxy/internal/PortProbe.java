package org.rookery.proxy.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/** Whether a service's port can be bound here, found by binding a plain socket and closing it; and the words for it. */
final class PortProbe {

    /** At most this many ports per service: each port is one listener socket and file descriptor. */
    static final int MAX_PORTS = 64;

    private PortProbe() {
    }

    /** Throws with one line when the service's port range is too large or starts at port 0. */
    static void checkRange(VirtualService s) {
        if (s.ports().size() > MAX_PORTS) {
            throw new IllegalArgumentException("service " + s.name() + ": " + tooManyPorts(s));
        }
        if (s.ports().first() == 0) {
            throw new IllegalArgumentException("service " + s.name() + ": port 0 cannot be proxied; give a port 1-65535");
        }
    }

    /**
     * Binds and closes a plain socket, throwing with one line when that fails. TCP sets SO_REUSEADDR,
     * as the listeners do, so that connections in TIME_WAIT of an earlier listener do not block it; UDP
     * does not, since on Linux that option lets two UDP sockets share a port and would hide the very
     * conflict looked for.
     */
    static void probe(VirtualService s, int port) {
        InetSocketAddress at = new InetSocketAddress(s.vip().toInetAddress(), port);
        try {
            if (s.protocol() == Protocol.UDP) {
                try (DatagramSocket d = new DatagramSocket(null)) {
                    d.bind(at);
                }
            } else {
                try (ServerSocket ss = new ServerSocket()) {
                    ss.setReuseAddress(true);
                    ss.bind(at, 1);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("service " + s.name() + " cannot be proxied here: cannot bind "
                    + endpoint(s, port) + " (" + reason(e) + "); is the VIP a local address and the port free?");
        }
    }

    /** Why a range is refused. */
    static String tooManyPorts(VirtualService s) {
        return "its port range " + s.ports() + " has " + s.ports().size() + " ports; the proxy listens on at most "
                + MAX_PORTS + " ports per service";
    }

    /** {@code tcp 10.0.0.1:80}. */
    static String endpoint(VirtualService s, int port) {
        return s.protocol() + " " + hostPort(s, Integer.toString(port));
    }

    /** {@code 10.0.0.1:80-82} or {@code [2001:db8::1]:80}. */
    static String hostPort(VirtualService s, String port) {
        return s.vip().isV4() ? s.vip() + ":" + port : "[" + s.vip() + "]:" + port;
    }

    /** The message of a failure, or its type when it has none. */
    static String reason(Throwable t) {
        return t == null ? "timed out" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
