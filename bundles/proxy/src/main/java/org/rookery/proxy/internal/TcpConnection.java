package org.rookery.proxy.internal;

import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import org.rookery.api.model.Node;

/**
 * One proxied TCP connection: the client's channel (inbound) and the node's (outbound), both on the
 * inbound's event loop so that this state is only ever touched by one thread. It asks the dispatcher
 * for a node, connects with retries, and tells the dispatcher exactly once that the flow ended.
 */
final class TcpConnection implements Relayed {

    private static final Logger LOG = Logger.getLogger(TcpConnection.class.getName());

    private final ProxyEngine engine;
    private final Channel inbound;
    private final TrackedFlow flow;
    private InetSocketAddress client;
    private InetSocketAddress vip;
    private Channel outbound;
    private boolean linked;
    private Node node;
    private int nodeId = -1;
    private int attempts;
    private boolean released;
    /** When the client's connection arrived (nanoTime), for the connect latency. */
    private long arrived;
    /** Bytes relayed to and from the node, and how much of them went to its totals already. */
    private long toNode;
    private long fromNode;
    private long flushedTo;
    private long flushedFrom;
    private NodeBytes.Counter traffic;
    /** Client bytes and FIN read before the node was connected; null until there are any. */
    private EarlyBytes early;

    TcpConnection(ProxyEngine engine, Channel inbound) {
        this.engine = engine;
        this.inbound = inbound;
        this.flow = new TrackedFlow(engine.dispatcher, engine.counters);
    }

    /** A side became active: for the client's, this is the new connection to place. */
    void active(Channel ch) {
        if (ch != inbound) {
            return;
        }
        arrived = System.nanoTime();
        engine.counters.connections.increment();
        engine.counters.active.incrementAndGet();
        inbound.closeFuture().addListener((ChannelFutureListener) f -> release());
        client = (InetSocketAddress) inbound.remoteAddress();
        vip = (InetSocketAddress) inbound.localAddress();
        if (!Flows.fill(flow.key, Flows.TCP, client, vip)) {
            engine.counters.drop(DropReason.FAMILY);
            inbound.close();
            return;
        }
        connect();
    }

    private void connect() {
        int id = flow.place();
        if (id < 0) {
            engine.notServed(id);
            inbound.close();
            return;
        }
        Node n = engine.dispatcher.node(id);
        if (n == null) { // deleted between the two calls
            flow.forget();
            engine.counters.refused.increment();
            inbound.close();
            return;
        }
        node = n;
        nodeId = id;
        attempts++;
        ChannelFuture f = Outbound.connect(engine, this, inbound.eventLoop(), Flows.target(n, vip.getPort()));
        outbound = f.channel();
        f.addListener(this::connected);
    }

    private void connected(Future<? super Void> f) {
        if (released) {
            outbound.close();
            return;
        }
        if (f.isSuccess()) {
            engine.connectLatency.record(inbound.eventLoop(), System.nanoTime() - arrived);
            traffic = engine.nodeBytes.of(node);
            linked = true;
            if (engine.settings.proxyProtocol()) {
                outbound.write(ProxyV2Header.encode(outbound.alloc(), client, vip), outbound.voidPromise());
            }
            if (early != null) {
                int n = early.writeTo(outbound);
                engine.counters.bytesIn.add(n);
                toNode += n;
            }
            outbound.flush();
            engine.nodeWatch.add(this);
            if (early != null && early.hasFin()) {
                Relay.passFin(this, inbound);
            } else {
                inbound.config().setAutoRead(true); // the client's bytes now have somewhere to go
            }
            return;
        }
        engine.counters.connectFailures.increment();
        LOG.fine(() -> "proxy: " + flow.key + " could not reach " + node.key() + ": " + f.cause());
        if (attempts <= engine.settings.connectRetries()) {
            engine.counters.retries.increment();
            flow.forget(); // forget this placement, so that the policy places the flow afresh
            connect();
        } else {
            inbound.close();
        }
    }

    /** The other side of {@code ch}, or null while the node is not connected or for a failed attempt. */
    Channel peer(Channel ch) {
        if (ch == inbound) {
            return linked ? outbound : null;
        }
        return ch == outbound ? inbound : null;
    }

    /** Counts bytes read on {@code from} and written to the other side: a plain add, per connection. */
    void relayed(Channel from, int bytes) {
        if (from == inbound) {
            toNode += bytes;
        } else {
            fromNode += bytes;
        }
    }

    @Override
    public void flushBytes() {
        if (traffic != null) {
            traffic.add(toNode - flushedTo, fromNode - flushedFrom);
            flushedTo = toNode;
            flushedFrom = fromNode;
        }
    }

    /** True for the client's side. */
    boolean isClient(Channel ch) {
        return ch == inbound;
    }

    /** Keeps client bytes that arrive before the node is connected; drops anything else without a peer. */
    void hold(Channel from, ByteBuf data) {
        if (from != inbound || released) {
            data.release();
            return;
        }
        early().add(inbound.alloc(), data);
    }

    private EarlyBytes early() {
        if (early == null) {
            early = new EarlyBytes();
        }
        return early;
    }

    /** Keeps the client's FIN that arrives before the node is connected. */
    void holdFin(Channel from) {
        if (from == inbound) {
            early().fin();
        }
    }

    /** Refreshes the flow's connection-table entry when due. */
    void refresh() {
        flow.refresh();
    }

    /** An I/O error on either side. */
    void failed(Throwable cause) {
        LOG.log(Level.FINE, "proxy: " + flow.key + " failed", cause);
        close();
    }

    /** Closes both sides at once. */
    @Override
    public void close() {
        inbound.close();
        if (outbound != null) {
            outbound.close();
        }
    }

    /** The client's channel closed: runs once per connection. */
    private void release() {
        released = true;
        flushBytes(); // before leaving the watch, so a scrape never misses these bytes
        engine.counters.active.decrementAndGet();
        engine.nodeWatch.remove(this);
        flow.forget();
        if (early != null) {
            early.release();
        }
        if (outbound != null) {
            Relay.closeAfterFlush(outbound);
        }
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
        return inbound.eventLoop();
    }
}
