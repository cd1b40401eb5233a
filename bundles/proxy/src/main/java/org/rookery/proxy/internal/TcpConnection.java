package org.rookery.proxy.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import org.rookery.api.model.Node;

/**
 * One proxied TCP connection: the client's channel (inbound) and the node's (outbound), both on the
 * inbound's event loop so that this state is only ever touched by one thread. It asks the dispatcher
 * for a node, connects with retries, closes the connection when idle, and tells the dispatcher exactly
 * once that the flow ended. Its loop's {@link ConnectionSweep} looks at it periodically for the idle
 * and connect timeouts.
 *
 * <p>It is the listener of the client's close and of each connection attempt, so that a connection
 * costs a handful of objects and no lambdas.
 */
final class TcpConnection implements Relayed, ChannelFutureListener {

    private static final Logger LOG = Logger.getLogger(TcpConnection.class.getName());

    private final ProxyEngine engine;
    private final Channel inbound;
    private final TrackedFlow flow;
    /** The handler of both channels. */
    final Relay relay;
    private InetSocketAddress client;
    private InetSocketAddress vip;
    private Channel outbound;
    /** Where the current attempt connects to. */
    private InetSocketAddress target;
    private ChannelFuture attempt;
    private boolean linked;
    private Node node;
    private int nodeId = -1;
    private int attempts;
    private boolean released;
    /** When the client's connection arrived (nanoTime), for the connect latency. */
    private long arrived;
    /** Bytes relayed to and from the node. */
    private final NodeBytes.Tally bytes = new NodeBytes.Tally();
    /** Client bytes and FIN read before the node was connected; null until there are any. */
    private EarlyBytes early;
    /** When bytes last moved either way (System.nanoTime): reads on either side see every byte relayed. */
    private long lastActivity;
    /** When the current connection attempt times out (System.nanoTime). */
    private long connectDeadline;
    /** The sweep watching this connection, from its arrival to its release; null otherwise. */
    private ConnectionSweep sweep;
    /** Neighbours in the sweep's list. */
    TcpConnection sweepPrev;
    TcpConnection sweepNext;

    TcpConnection(ProxyEngine engine, Channel inbound) {
        this.engine = engine;
        this.inbound = inbound;
        this.flow = new TrackedFlow(engine.dispatcher, engine.counters);
        this.relay = new Relay(this, engine.counters);
    }

    /** A side became active: for the client's, this is the new connection to place. */
    void active(Channel ch) {
        if (ch != inbound) {
            return;
        }
        arrived = System.nanoTime();
        engine.counters.connections.increment();
        engine.counters.active.incrementAndGet();
        inbound.closeFuture().addListener(this);
        lastActivity = arrived;
        sweep = engine.sweeps.get(inbound.eventLoop());
        sweep.add(this);
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
        connectDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(engine.settings.connectTimeoutMillis());
        try {
            target = Flows.target(n, vip.getPort());
            attempt = Outbound.connect(engine, this, inbound.eventLoop(), target);
        } catch (ChannelException e) { // no socket (descriptors exhausted): as a failed attempt, not retried
            engine.counters.connectFailures.increment();
            LOG.log(Level.FINE, e, () -> "proxy: " + flow.key + " has no socket to reach " + n.key());
            inbound.close();
            return;
        }
        outbound = attempt.channel();
        attempt.addListener(this);
    }

    /** The client's channel closed, or a connection attempt ended. */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (f == attempt) {
            connected(f);
        } else if (f == inbound.closeFuture()) {
            release();
        }
    }

    private void connected(ChannelFuture f) {
        if (released) {
            Relay.closeNow(outbound);
            return;
        }
        if (f.isSuccess()) {
            engine.connectLatency.record(inbound.eventLoop(), System.nanoTime() - arrived);
            bytes.node(engine.nodeBytes.of(node));
            linked = true;
            if (engine.settings.proxyProtocol()) {
                outbound.write(ProxyV2Header.encode(outbound.alloc(), client, vip), outbound.voidPromise());
            }
            if (early != null) {
                int n = early.writeTo(outbound);
                engine.counters.bytesIn.add(n);
                bytes.toNode(n);
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
        Relay.closeNow(outbound); // the failed attempt's socket (it was never active: no channelInactive follows)
        engine.counters.connectFailures.increment();
        Node failed = node;
        LOG.fine(() -> "proxy: " + flow.key + " could not reach " + failed.key() + ": " + f.cause());
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
    void relayed(Channel from, int n) {
        if (from == inbound) {
            bytes.toNode(n);
        } else {
            bytes.fromNode(n);
        }
    }

    @Override
    public void flushBytes() {
        bytes.flush();
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

    /** Bytes moved: notes it for the idle timeout, and refreshes the connection-table entry when due. */
    void touched() {
        long now = System.nanoTime();
        lastActivity = now;
        flow.refresh(now);
    }

    /**
     * Called by the sweep: fails a connection attempt past its deadline (as Netty's own connect timeout
     * would: the attempt's listener then retries another node or closes the client), and closes the
     * connection when no byte moved for the idle timeout ({@code idleNanos}, 0 for none).
     */
    void checkTimeouts(long now, long idleNanos) {
        if (released) {
            return;
        }
        if (!linked && attempt != null && !attempt.isDone() && now - connectDeadline >= 0) {
            engine.counters.connectTimeouts.increment();
            ((ChannelPromise) attempt).tryFailure(new ConnectTimeoutException("connection timed out after "
                    + engine.settings.connectTimeoutMillis() + " ms: " + target));
            return;
        }
        if (idleNanos > 0 && now - lastActivity >= idleNanos) {
            engine.counters.idleCloses.increment();
            close();
        }
    }

    /** An I/O error on either side. */
    void failed(Throwable cause) {
        LOG.log(Level.FINE, cause, () -> "proxy: " + flow.key + " failed");
        close();
    }

    /** Closes both sides at once. */
    @Override
    public void close() {
        Relay.closeNow(inbound);
        if (outbound != null) {
            Relay.closeNow(outbound);
        }
    }

    /** The client's channel closed: runs once per connection. */
    private void release() {
        released = true;
        flushBytes(); // before leaving the watch, so a scrape never misses these bytes
        if (sweep != null) {
            sweep.remove(this);
            sweep = null;
        }
        if (linked) {
            engine.nodeWatch.remove(this);
        }
        flow.forget();
        // counted gone only once its placement is forgotten, so that "no active connection" also means "nothing placed"
        engine.counters.active.decrementAndGet();
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
