package org.rookery.proxy.internal;

import java.io.IOException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;

/**
 * The handler of both sides of a proxied TCP connection: bytes read on one side are written to the
 * other; reading stops while the other side cannot take more (backpressure); a FIN is passed on once
 * what came before it is flushed (half-close); a side whose both directions are done is closed, and
 * the other follows once what it holds is flushed.
 *
 * <p>Per connection this does no system call and creates no exception beyond what relaying needs:
 * Netty's own {@code shutdownOutput()} makes a {@code ChannelOutputShutdownException} with a stack trace
 * every time (to fail writes still queued), and its input shutdown of a half-closed socket whose other
 * direction is already closed fails with ENOTCONN, made a {@code NotYetConnectedException}; on epoll the
 * FIN is sent with {@code shutdown(SHUT_WR)} on the socket once nothing is queued, and a side that got
 * our FIN stops allowing half-closure, so that its own FIN closes it at once.
 */
@Sharable
final class Relay extends ChannelInboundHandlerAdapter {

    /** Its name in both pipelines: a name given spares Netty making one up per channel (a per-thread cache lookup). */
    static final String NAME = "relay";

    private final TcpConnection connection;
    private final ProxyCounters counters;

    Relay(TcpConnection connection, ProxyCounters counters) {
        this.connection = connection;
        this.counters = counters;
    }

    @Override
    public boolean isSharable() {
        return true; // Netty would look the annotation up in a per-thread cache at each addLast
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.active(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel from = ctx.channel();
        ByteBuf data = (ByteBuf) msg;
        Channel to = connection.peer(from);
        if (to == null) {
            connection.hold(from, data);
            return;
        }
        connection.relayed(from, data.readableBytes());
        (connection.isClient(from) ? counters.bytesIn : counters.bytesOut).add(data.readableBytes());
        connection.touched();
        to.write(data, to.voidPromise());
        ChannelOutboundBuffer pending = to.unsafe().outboundBuffer();
        if (pending != null) {
            counters.pending(pending.totalPendingWriteBytes());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Channel to = connection.peer(ctx.channel());
        if (to != null) {
            to.flush();
        }
    }

    /** This side's send buffer crossed a water mark: stop or resume reading the other side. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel other = connection.peer(ctx.channel());
        if (other != null) {
            boolean writable = ctx.channel().isWritable();
            if (!writable) {
                counters.backpressurePauses.increment();
            } else {
                connection.touched(); // a slow reader took bytes: the connection is not idle
            }
            other.config().setAutoRead(writable);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            passFin(connection, ctx.channel());
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** A side sent FIN: pass it on once what it sent before is flushed. */
    static void passFin(TcpConnection connection, Channel from) {
        Channel to = connection.peer(from);
        if (to == null) {
            connection.holdFin(from);
            return;
        }
        if (pendingBytes(to) == 0) {
            finOut(connection, to);
            return;
        }
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                finOut(connection, to);
            } else {
                connection.close();
            }
        });
    }

    /** Sends FIN on {@code to}, whose queue is flushed; closes it when its other direction is done too. */
    private static void finOut(TcpConnection connection, Channel to) {
        DuplexChannel d = (DuplexChannel) to;
        if (!to.isActive() || d.isOutputShutdown()) {
            return;
        }
        if (d.isInputShutdown()) {
            // both ways done: close() sends the FIN (nothing is left unread after the peer's FIN, so it is
            // no reset); a shutdown(SHUT_WR) first would be one more system call per connection
            closeNow(to);
            return;
        }
        if (to instanceof UnixChannel u && u.fd() instanceof Socket s) {
            try {
                s.shutdown(false, true);
            } catch (IOException | RuntimeException e) {
                connection.failed(e);
                return;
            }
        } else {
            d.shutdownOutput().addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    connection.failed(f.cause());
                }
            });
        }
        // its FIN, when it comes, ends the connection: close then, without shutting the input down
        ((SocketChannelConfig) to.config()).setAllowHalfClosure(false);
    }

    /** This side closed: the other gets what is pending for it, then closes too. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel other = connection.peer(ctx.channel());
        if (other != null) {
            closeAfterFlush(other);
        }
    }

    /** An I/O error (reset, broken pipe) on a side ends the whole connection. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.failed(cause);
    }

    /** Closes a channel once what is queued for it is written; at once when nothing is. */
    static void closeAfterFlush(Channel ch) {
        if (ch.isActive() && pendingBytes(ch) > 0) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            closeNow(ch);
        }
    }

    /**
     * Closes a channel, on epoll its descriptor first: closing it takes it out of the epoll set, so that
     * Netty's close needs neither remove it (epoll_ctl) nor look up SO_LINGER (getsockopt): two system
     * calls fewer per side. Only on the channel's own loop, where no other close can interleave; what
     * Netty then closes is the channel (its state, pipeline and promises), its descriptor being shut.
     */
    static void closeNow(Channel ch) {
        if (ch instanceof UnixChannel u && ch.isOpen() && ch.isRegistered() && ch.eventLoop().inEventLoop()) {
            try {
                u.fd().close();
            } catch (IOException e) {
                // as when Netty closes it: nothing to tell, the channel is closed below all the same
            }
        }
        ch.close();
    }

    /** Bytes queued on a channel, written or not yet flushed; 0 when its output is shut. */
    private static long pendingBytes(Channel ch) {
        ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
        return b == null ? 0 : b.totalPendingWriteBytes();
    }
}
