package org.rookery.autobind.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.IntegerUnixChannelOption;

import org.rookery.api.model.PortRange;

/**
 * Gives a Netty epoll {@link Bootstrap} the node's slice through the kernel rather than a bind loop: the
 * local address is the VIP with port 0, {@code IP_BIND_ADDRESS_NO_PORT} defers the port choice to
 * {@code connect()}, and {@code IP_LOCAL_PORT_RANGE} (Linux 6.3+) narrows that choice to the slice. The
 * kernel clamps the per-socket range to the namespace's {@code ip_local_port_range}, so it takes effect
 * only where the slice lies inside that range (as it does after {@code autobind apply}).
 */
public final class NettySlice {

    /** {@code IPPROTO_IP}. */
    private static final int SOL_IP = 0;
    /** {@code IP_BIND_ADDRESS_NO_PORT} from linux/in.h. */
    private static final int IP_BIND_ADDRESS_NO_PORT = 24;
    /** {@code IP_LOCAL_PORT_RANGE} from linux/in.h (6.3+). */
    private static final int IP_LOCAL_PORT_RANGE = 51;

    private NettySlice() {
    }

    /**
     * Configures {@code b} (whose channel must be an epoll socket channel) to connect from {@code vip} and a
     * port of {@code slice}; returns it.
     */
    public static Bootstrap configure(Bootstrap b, InetAddress vip, PortRange slice) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("IP_LOCAL_PORT_RANGE needs Netty's native epoll transport: "
                    + Epoll.unavailabilityCause());
        }
        return b.localAddress(new InetSocketAddress(vip, 0))
                .option(new IntegerUnixChannelOption("IP_BIND_ADDRESS_NO_PORT", SOL_IP, IP_BIND_ADDRESS_NO_PORT), 1)
                .option(new IntegerUnixChannelOption("IP_LOCAL_PORT_RANGE", SOL_IP, IP_LOCAL_PORT_RANGE), value(slice));
    }

    /** The option's value: the last port in the upper 16 bits, the first in the lower. */
    static int value(PortRange slice) {
        return slice.last() << 16 | slice.first();
    }
}
