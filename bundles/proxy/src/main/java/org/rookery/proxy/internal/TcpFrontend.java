package org.rookery.proxy.internal;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateHandler;

/** Sets up each accepted client channel: the idle timer and the relay of a new {@link TcpConnection}. */
@Sharable
final class TcpFrontend extends ChannelInitializer<Channel> {

    private final ProxyEngine engine;

    TcpFrontend(ProxyEngine engine) {
        this.engine = engine;
    }

    @Override
    protected void initChannel(Channel ch) {
        int idle = engine.settings.idleTimeoutSeconds();
        if (idle > 0) {
            ch.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.SECONDS));
        }
        ch.pipeline().addLast(new Relay(new TcpConnection(engine, ch), engine.counters));
    }
}
