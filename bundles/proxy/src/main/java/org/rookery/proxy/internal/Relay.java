package org.rookery.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The handler on each side of a proxied TCP connection: bytes read on one side are written to the
 * other; reading stops while the other side cannot take more (backpressure); a FIN is passed on once
 * what came before it is flushed (half-close); the connection closes when both ways are done.
 */
final class Relay extends ChannelInboundHandlerAdapter {

    private final TcpConnection connection;
    private final ProxyCounters counters;

    Relay(TcpConnection connection, ProxyCounters counters) {
        this.connection = connection;
        this.counters = counters;
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
        connection.refresh();
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
            }
            other.config().setAutoRead(writable);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            passFin(connection, ctx.channel());
        } else if (evt instanceof IdleStateEvent) {
            counters.idleCloses.increment();
            connection.close();
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
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.close();
                return;
            }
            ((DuplexChannel) to).shutdownOutput().addListener((ChannelFutureListener) g -> {
                if (((DuplexChannel) from).isShutdown() && ((DuplexChannel) to).isShutdown()) {
                    connection.close(); // both ways done
                }
            });
        });
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

    static void closeAfterFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
