package org.rookery.autobind.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.PortRange;
import org.rookery.autobind.LocalPortRange;

/** A real Netty epoll connection on loopback whose source port the kernel picks inside the slice. */
class NettySliceTest {

    @Test
    void theKernelPicksTheSourcePortInsideTheSlice() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll not available");
        String[] release = System.getProperty("os.version").split("[.-]");
        int major = Integer.parseInt(release[0]);
        int minor = Integer.parseInt(release[1]);
        assumeTrue(major > 6 || major == 6 && minor >= 3, "IP_LOCAL_PORT_RANGE needs Linux 6.3+");
        PortRange ns = LocalPortRange.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        // a slice inside the namespace's range, which the kernel clamps the per-socket range to
        PortRange slice = new PortRange(ns.first() + 1000, ns.first() + 1099);
        assumeTrue(slice.last() < ns.last() && Files.exists(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
        assertEquals((ns.first() + 1099) << 16 | (ns.first() + 1000), NettySlice.value(slice));
        InetAddress lo = InetAddress.getLoopbackAddress();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (ServerSocket server = new ServerSocket(0, 10, lo)) {
            for (int i = 0; i < 5; i++) {
                Bootstrap b = NettySlice.configure(new Bootstrap().group(group).channel(EpollSocketChannel.class)
                        .handler(new ChannelInboundHandlerAdapter()), lo, slice);
                Channel ch = b.connect(new InetSocketAddress(lo, server.getLocalPort())).sync().channel();
                try (Socket accepted = server.accept()) {
                    assertTrue(slice.contains(accepted.getPort()), "source port " + accepted.getPort() + " in " + slice);
                } finally {
                    ch.close().sync();
                }
            }
        } finally {
            group.shutdownGracefully().sync();
        }
    }
}
