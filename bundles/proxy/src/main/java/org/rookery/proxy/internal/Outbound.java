package org.rookery.proxy.internal;

import java.net.InetSocketAddress;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;

/**
 * Opens the node's side of a proxied TCP connection. It makes, registers and connects the channel
 * itself rather than through a {@code Bootstrap}, which per connection would copy its option map, set
 * every option again (a system call each), add and remove an initializer and look up a resolver.
 */
final class Outbound {

    private Outbound() {
    }

    /**
     * Connects to the node on the client's event loop, so that both sides of the connection share one
     * thread; half-closes are allowed so that a FIN can be passed through, and the same water marks as
     * on the client's side apply. TCP_NODELAY needs no call: Netty sets it on every new socket on Linux.
     * The future fails (and its channel is closed) when the socket could not be registered; a socket
     * that cannot be made at all (out of descriptors) throws {@code ChannelException}. It is a promise:
     * the connection's sweep fails it when the attempt takes too long, instead of a timer per attempt
     * (Netty's connect timeout is turned off).
     */
    static ChannelFuture connect(ProxyEngine engine, TcpConnection connection, EventLoop loop, InetSocketAddress node) {
        SocketChannel ch = engine.transport.newSocket.apply(node);
        SocketChannelConfig c = ch.config();
        c.setConnectTimeoutMillis(0);
        c.setAllowHalfClosure(true);
        c.setWriteBufferWaterMark(ProxyEngine.WATER_MARK);
        ch.pipeline().addLast(Relay.NAME, connection.relay);
        ChannelFuture registered = loop.register(ch);
        if (registered.isDone()) { // always so on the loop's own thread
            if (!registered.isSuccess()) {
                return failed(ch, registered);
            }
            ChannelPromise p = ch.newPromise();
            ch.connect(node, p);
            return p;
        }
        ChannelPromise p = ch.newPromise();
        registered.addListener(r -> {
            if (r.isSuccess()) {
                ch.connect(node, p);
            } else {
                p.setFailure(r.cause());
                ch.unsafe().closeForcibly();
            }
        });
        return p;
    }

    private static ChannelFuture failed(SocketChannel ch, ChannelFuture registered) {
        ch.unsafe().closeForcibly();
        return registered;
    }
}
