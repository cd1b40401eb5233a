package org.rookery.proxy.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;

/** Opens the node's side of a proxied TCP connection. */
final class Outbound {

    private Outbound() {
    }

    /**
     * Connects to the node on the client's event loop, so that both sides of the connection share one
     * thread; half-closes are allowed so that a FIN can be passed through, and the same water marks
     * and idle timer as on the client's side apply.
     */
    static ChannelFuture connect(ProxyEngine engine, TcpConnection connection, EventLoop loop, InetSocketAddress node) {
        ProxySettings s = engine.settings;
        return new Bootstrap().group(loop).channel(engine.transport.socketChannel)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, s.connectTimeoutMillis())
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyEngine.WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (s.idleTimeoutSeconds() > 0) {
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, s.idleTimeoutSeconds(), TimeUnit.SECONDS));
                        }
                        ch.pipeline().addLast(new Relay(connection, engine.counters));
                    }
                })
                .connect(node);
    }
}
