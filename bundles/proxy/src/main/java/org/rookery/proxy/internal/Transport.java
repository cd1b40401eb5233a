package org.rookery.proxy.internal;

import java.util.concurrent.TimeUnit;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.function.Function;
import java.util.logging.Logger;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport of the proxy: native epoll when its library loads, NIO otherwise, with one event
 * loop group shared by every listener and connection.
 */
final class Transport implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Transport.class.getName());

    final String name;
    final EventLoopGroup group;
    final Class<? extends ServerChannel> serverChannel;
    final Class<? extends DatagramChannel> datagramChannel;
    /** A new unconnected socket channel to reach the address: the node's side of a connection. */
    final Function<InetSocketAddress, SocketChannel> newSocket;

    private Transport(String name, IoHandlerFactory io, int threads, Class<? extends ServerChannel> server,
                      Function<InetSocketAddress, SocketChannel> newSocket,
                      Class<? extends DatagramChannel> datagram) {
        this.name = name;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("rookery-proxy", true), io);
        this.serverChannel = server;
        this.newSocket = newSocket;
        this.datagramChannel = datagram;
    }

    /** Epoll when wanted and available, else NIO; logs the choice and, for NIO, why not epoll. */
    static Transport start(int threads, boolean preferEpoll) {
        Transport t;
        String why;
        if (preferEpoll && Epoll.isAvailable()) {
            t = epoll(threads);
            why = "";
        } else {
            t = nio(threads);
            why = preferEpoll ? " (epoll unavailable: " + Epoll.unavailabilityCause() + ")" : " (epoll turned off)";
        }
        LOG.info("proxy: transport " + t.name + " with " + threads + " event loop threads" + why);
        return t;
    }

    /**
     * The native epoll transport; the caller has checked {@link Epoll#isAvailable()}. Its channels stay in
     * the epoll set while open ({@link EpollKeepRegistered}).
     */
    static Transport epoll(int threads) {
        return new Transport("epoll", new EpollKeepRegistered(), threads, EpollServerSocketChannel.class,
                Transport::epollSocket, EpollDatagramChannel.class);
    }

    /** The JDK NIO transport. */
    static Transport nio(int threads) {
        return new Transport("nio", NioIoHandler.newFactory(), threads, NioServerSocketChannel.class,
                a -> new NioSocketChannel(), NioDatagramChannel.class);
    }

    /**
     * An epoll socket of the node address's own family: an IPv4 socket for an IPv4 node spares the
     * dual-stack IPv6 socket's extra IPV6_V6ONLY and getsockname calls, per connection.
     */
    private static SocketChannel epollSocket(InetSocketAddress to) {
        return new EpollSocketChannel(to.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6);
    }

    /** Stops the event loops, waiting a bounded time for them. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
