package org.rookery.proxy.internal;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import org.rookery.api.model.Node;

/**
 * One UDP client's flow: a socket connected to its node (so the kernel accepts only that node's
 * replies), closed after the UDP idle timeout; the dispatcher is told once when it ends.
 */
final class UdpSession extends ChannelInboundHandlerAdapter implements Relayed {

    /** Room for the largest UDP payload: Netty's default of 2048 bytes would cut bigger datagrams. */
    static final FixedRecvByteBufAllocator DATAGRAM_BUFFERS = new FixedRecvByteBufAllocator(65536);

    final InetSocketAddress client;
    private final ProxyEngine engine;
    private final UdpFrontend frontend;
    private final TrackedFlow flow;
    private final int nodeId;
    private final Node node;
    /** Bytes to and from the node; this session's loop only. */
    private final NodeBytes.Tally bytes = new NodeBytes.Tally();
    private ChannelFuture connecting;

    UdpSession(ProxyEngine engine, UdpFrontend frontend, TrackedFlow flow, InetSocketAddress client, int nodeId, Node node) {
        this.engine = engine;
        this.frontend = frontend;
        this.flow = flow;
        this.client = client;
        this.nodeId = nodeId;
        this.node = node;
        bytes.node(engine.nodeBytes.of(node));
    }

    /** Opens the socket to the node on the listener's event loop, so that the session has one thread. */
    void open(EventLoop loop, InetSocketAddress target) {
        engine.counters.udpSessions.incrementAndGet();
        engine.counters.udpSessionsTotal.increment();
        int idle = engine.settings.udpIdleTimeoutSeconds();
        connecting = new Bootstrap().group(loop).channel(engine.transport.datagramChannel)
                .option(ChannelOption.RCVBUF_ALLOCATOR, DATAGRAM_BUFFERS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.SECONDS), UdpSession.this);
                    }
                })
                .connect(target);
        connecting.channel().closeFuture().addListener((ChannelFutureListener) f -> closed());
        connecting.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                engine.counters.connectFailures.increment();
                f.channel().close();
            }
        });
        engine.nodeWatch.add(this);
    }

    /** Sends a client's datagram to the node; ownership of {@code data} passes here. */
    void forward(ByteBuf data) {
        bytes.toNode(data.readableBytes());
        engine.counters.udpDatagramsIn.increment();
        engine.counters.bytesIn.add(data.readableBytes());
        flow.refresh(System.nanoTime());
        if (connecting.isDone()) {
            send(data);
        } else {
            connecting.addListener((ChannelFutureListener) f -> send(data)); // keeps the order of early datagrams
        }
    }

    private void send(ByteBuf data) {
        Channel ch = connecting.channel();
        if (ch.isActive()) {
            ch.writeAndFlush(data, ch.voidPromise());
        } else {
            data.release();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
        bytes.fromNode(data == null ? 0 : data.readableBytes()); // read from the node, as the TCP relay counts
        if (data == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        flow.refresh(System.nanoTime());
        frontend.reply(client, data);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** An ICMP port unreachable from the node ends the session: the next datagram is placed afresh. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            engine.counters.drop(DropReason.UDP_NODE_ERROR);
        }
        ctx.close();
    }

    private void closed() {
        engine.counters.udpSessions.decrementAndGet();
        flushBytes(); // before leaving the watch, so a scrape never misses these bytes
        engine.nodeWatch.remove(this);
        frontend.removed(this);
        flow.forget();
    }

    @Override
    public void flushBytes() {
        bytes.flush();
    }

    @Override
    public void close() {
        connecting.channel().close();
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public EventLoop eventLoop() {
        return connecting.channel().eventLoop();
    }
}
