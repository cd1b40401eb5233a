package org.rookery.proxy.internal;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannelConfig;

/**
 * The handler of every TCP listener: each accepted client channel gets the relay of a new
 * {@link TcpConnection} and is registered with an event loop. It stands where a {@code ServerBootstrap}
 * puts its acceptor, which per connection would set every child option again through a map, add an
 * initializer handler to the pipeline (tracked in a concurrent set) and remove it again, and allocate a
 * listener for the registration.
 */
@Sharable
final class TcpFrontend extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(TcpFrontend.class.getName());
    /** How long a listener stops accepting after an accept failed (e.g. out of descriptors), as Netty does. */
    private static final long ACCEPT_PAUSE_SECONDS = 1;

    private final ProxyEngine engine;

    TcpFrontend(ProxyEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean isSharable() {
        return true; // Netty would look the annotation up in a per-thread cache at each addLast
    }

    /** A new client: its channel is not read until its node is connected. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        ChannelConfig c = child.config();
        // the client's bytes wait in its socket until the node is connected; TCP_NODELAY needs no call:
        // Netty sets it on every socket on Linux
        c.setAutoRead(false);
        ((SocketChannelConfig) c).setAllowHalfClosure(true);
        c.setWriteBufferWaterMark(ProxyEngine.WATER_MARK);
        child.pipeline().addLast(Relay.NAME, new TcpConnection(engine, child).relay);
        ChannelFuture registered;
        try {
            registered = engine.transport.group.register(child);
        } catch (RuntimeException e) {
            notRegistered(child, e);
            return;
        }
        if (!registered.isDone()) { // another loop than the listener's
            registered.addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    notRegistered(child, f.cause());
                }
            });
        } else if (!registered.isSuccess()) {
            notRegistered(child, registered.cause());
        }
    }

    private static void notRegistered(Channel child, Throwable cause) {
        child.unsafe().closeForcibly();
        LOG.log(Level.WARNING, "proxy: could not register an accepted connection " + child, cause);
    }

    /** An accept failed: pause the listener a moment rather than spin on the error. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ChannelConfig c = ctx.channel().config();
        if (c.isAutoRead()) {
            c.setAutoRead(false);
            Channel listener = ctx.channel();
            listener.eventLoop().schedule(() -> listener.config().setAutoRead(true), ACCEPT_PAUSE_SECONDS, TimeUnit.SECONDS);
        }
        LOG.log(Level.WARNING, "proxy: accepting on " + ctx.channel().localAddress() + " failed", cause);
    }
}
