package org.rookery.proxy.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.ServerChannel;
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

    /**
     * A TCP listener with {@link TcpFrontend} as its handler, made and bound without a
     * {@code ServerBootstrap}, whose acceptor would stand in the front-end's place.
     */
    private ChannelFuture bindTcp(InetSocketAddress at) {
        Transport t = engine.transport;
        ServerChannel listener = new ReflectiveChannelFactory<>(t.serverChannel).newChannel();
        listener.config().setOption(ChannelOption.SO_BACKLOG, engine.settings.backlog());
        listener.config().setOption(ChannelOption.SO_REUSEADDR, true);
        listener.pipeline().addLast(tcpFrontend);
        ChannelPromise bound = listener.newPromise();
        t.group.register(listener).addListener((ChannelFutureListener) r -> {
            if (r.isSuccess()) {
                listener.bind(at, bound).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            } else {
                listener.unsafe().closeForcibly();
                bound.setFailure(r.cause());
            }
        });
        return bound;
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
