package org.rookery.proxy.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.rookery.api.model.Node;

/**
 * The handler of one UDP listener (one VIP port): a session per client address and port, each with its
 * own socket connected to the client's node. Sessions live on the listener's event loop, so the map
 * needs no lock; the price is that one UDP port is served by one thread.
 */
final class UdpFrontend extends ChannelInboundHandlerAdapter {

    private final ProxyEngine engine;
    private final Map<InetSocketAddress, UdpSession> sessions = new HashMap<>();
    private Channel listener;

    UdpFrontend(ProxyEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        listener = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket p)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        UdpSession s = sessions.get(p.sender());
        if (s == null) {
            s = open(p.sender());
            if (s == null) {
                p.release();
                return;
            }
        }
        s.forward(p.content());
    }

    private UdpSession open(InetSocketAddress client) {
        ProxyCounters c = engine.counters;
        if (c.udpSessions.get() >= engine.settings.udpMaxSessions()) {
            c.drop(DropReason.UDP_SESSIONS_FULL);
            engine.dispatcher.countDrop(DropReason.UDP_SESSIONS_FULL.label);
            return null;
        }
        InetSocketAddress vip = (InetSocketAddress) listener.localAddress();
        TrackedFlow flow = new TrackedFlow(engine.dispatcher, c);
        if (!Flows.fill(flow.key, Flows.UDP, client, vip)) {
            c.drop(DropReason.FAMILY);
            return null;
        }
        int id = flow.place();
        if (id < 0) {
            engine.notServed(id);
            return null;
        }
        Node node = engine.dispatcher.node(id);
        if (node == null) { // deleted between the two calls
            flow.forget();
            c.refused.increment();
            return null;
        }
        UdpSession s = new UdpSession(engine, this, flow, client, id, node);
        sessions.put(client, s);
        s.open(listener.eventLoop(), Flows.target(node, vip.getPort()));
        return s;
    }

    /** A reply from a node goes back to its client from the VIP port; dropped while the socket is full. */
    void reply(InetSocketAddress client, ByteBuf data) {
        if (!listener.isWritable()) {
            data.release();
            engine.counters.drop(DropReason.UDP_BACKLOG);
            return;
        }
        engine.counters.udpDatagramsOut.increment();
        engine.counters.bytesOut.add(data.readableBytes());
        listener.writeAndFlush(new DatagramPacket(data, client), listener.voidPromise());
    }

    /** A session closed. */
    void removed(UdpSession s) {
        sessions.remove(s.client, s);
    }

    /** The listener closed (service unbound): its sessions cannot answer any more, so they end. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        new ArrayList<>(sessions.values()).forEach(UdpSession::close);
        ctx.fireChannelInactive();
    }

    /** A failed datagram (a send refused by the kernel, an ICMP error) is not the end of the listener. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // nothing to close: other clients' datagrams keep flowing
    }
}
