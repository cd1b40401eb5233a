package org.rookery.proxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;

/** Sets up each accepted client channel: the relay of a new {@link TcpConnection}. */
@Sharable
final class TcpFrontend extends ChannelInitializer<Channel> {

    private final ProxyEngine engine;

    TcpFrontend(ProxyEngine engine) {
        this.engine = engine;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new TcpConnection(engine, ch).relay);
    }
}
