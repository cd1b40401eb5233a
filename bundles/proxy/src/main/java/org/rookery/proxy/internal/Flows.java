package org.rookery.proxy.internal;

import java.net.InetSocketAddress;

import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Node;

/** Flow keys and node addresses from socket addresses, as the dispatcher and Netty want them. */
final class Flows {

    /** IP protocol number of TCP. */
    static final int TCP = 6;
    /** IP protocol number of UDP. */
    static final int UDP = 17;

    private Flows() {
    }

    /**
     * Fills a key for a flow from the client to the VIP, no TCP flags set (the proxy sees connections,
     * not segments: the table then counts the flow as established, i.e. active, from the start).
     *
     * @return false when the two addresses are of different families
     */
    static boolean fill(FlowKey key, int protocol, InetSocketAddress client, InetSocketAddress vip) {
        byte[] s = client.getAddress().getAddress();
        byte[] d = vip.getAddress().getAddress();
        if (s.length != d.length) {
            return false;
        }
        if (s.length == 4) {
            key.setV4(protocol, (int) bits(s, 0, 4), (int) bits(d, 0, 4), client.getPort(), vip.getPort());
        } else {
            key.setV6(protocol, bits(s, 0, 8), bits(s, 8, 8), bits(d, 0, 8), bits(d, 8, 8), client.getPort(), vip.getPort());
        }
        return true;
    }

    private static long bits(byte[] b, int off, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** Where to connect for a node: its address, and its port or else the port the client asked for. */
    static InetSocketAddress target(Node node, int servicePort) {
        return new InetSocketAddress(node.address().toInetAddress(), node.port() == 0 ? servicePort : node.port());
    }

    /** {@code 10.0.0.1:80} or {@code [::1]:80} for logs. */
    static String text(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }
}
