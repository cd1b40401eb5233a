package org.rookery.proxy.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import org.rookery.api.model.Protocol;

/** Binds and closes listener sockets, waiting a bounded time so that the caller learns the outcome. */
final class Listeners {

    private static final long WAIT_SECONDS = 5;

    private final ProxyEngine engine;
    private final TcpFrontend tcpFrontend;

    Listeners(ProxyEngine engine) {
        this.engine = engine;
        this.tcpFrontend = new TcpFrontend(engine);
    }

    /** Binds a TCP or UDP listener; the future is done (success or failure) on return. */
    ChannelFuture bind(Protocol protocol, InetSocketAddress at) {
        ChannelFuture f = protocol == Protocol.UDP ? bindUdp(at) : bindTcp(at);
        if (!f.awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS)) {
            f.channel().close();
        }
        if (f.isSuccess()) {
            engine.counters.listeners.incrementAndGet();
            f.channel().closeFuture().addListener(c -> engine.counters.listeners.decrementAndGet());
        }
        return f;
    }

    private ChannelFuture bindTcp(InetSocketAddress at) {
        Transport t = engine.transport;
        return new ServerBootstrap().group(t.group).channel(t.serverChannel)
                .option(ChannelOption.SO_BACKLOG, engine.settings.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                // the client's bytes wait in its socket until the node is connected; TCP_NODELAY needs no
                // option (a system call per connection): Netty sets it on every socket on Linux
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyEngine.WATER_MARK)
                .childHandler(tcpFrontend)
                .bind(at);
    }

    private ChannelFuture bindUdp(InetSocketAddress at) {
        Transport t = engine.transport;
        return new Bootstrap().group(t.group).channel(t.datagramChannel)
                .option(ChannelOption.RCVBUF_ALLOCATOR, UdpSession.DATAGRAM_BUFFERS)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyEngine.WATER_MARK)
                .handler(new UdpFrontend(engine))
                .bind(at);
    }

    /** Closes a listener, waiting a bounded time so that its port is free on return. */
    static void close(Channel listener) {
        listener.close().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
