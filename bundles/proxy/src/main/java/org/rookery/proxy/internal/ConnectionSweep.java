package org.rookery.proxy.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

/**
 * The timeouts of the TCP connections of one event loop: one periodic task per loop walks the loop's
 * connections and closes those idle for the idle timeout, and fails connection attempts older than the
 * connect timeout (which then retry on another node). A timer per connection would cost, per
 * connection, a scheduled task put in and taken out of the loop's priority queue twice (idle check and
 * Netty's connect timeout) and a new timer deadline for the loop's next wait; the walk costs a few
 * nanoseconds per open connection every {@link #PERIOD_MILLIS} ms, which is also the precision of both
 * timeouts. The connections form an intrusive list through their own fields: joining and leaving it
 * allocates nothing. Only the loop's thread touches it.
 */
final class ConnectionSweep implements Runnable {

    /** How often the connections are looked at; a timeout fires at most this much late. */
    static final long PERIOD_MILLIS = 100;

    private final long idleNanos;
    private TcpConnection first;

    ConnectionSweep(ProxySettings settings) {
        this.idleNanos = TimeUnit.SECONDS.toNanos(settings.idleTimeoutSeconds());
    }

    /** One sweep per event loop of the group, each started on its loop. */
    static Map<EventExecutor, ConnectionSweep> start(EventLoopGroup group, ProxySettings settings) {
        Map<EventExecutor, ConnectionSweep> byLoop = new IdentityHashMap<>();
        for (EventExecutor loop : group) {
            ConnectionSweep s = new ConnectionSweep(settings);
            byLoop.put(loop, s);
            loop.scheduleAtFixedRate(s, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
        return byLoop;
    }

    /** Starts watching a connection; on the loop's thread. */
    void add(TcpConnection c) {
        c.sweepPrev = null;
        c.sweepNext = first;
        if (first != null) {
            first.sweepPrev = c;
        }
        first = c;
    }

    /** Stops watching a connection; on the loop's thread; nothing for one not watched. */
    void remove(TcpConnection c) {
        TcpConnection p = c.sweepPrev;
        TcpConnection n = c.sweepNext;
        if (p != null) {
            p.sweepNext = n;
        } else if (first == c) {
            first = n;
        } else {
            return; // not in the list
        }
        if (n != null) {
            n.sweepPrev = p;
        }
        c.sweepPrev = null;
        c.sweepNext = null;
    }

    /** Connections watched now (tests). */
    int size() {
        int n = 0;
        for (TcpConnection c = first; c != null; c = c.sweepNext) {
            n++;
        }
        return n;
    }

    /** The walk: a connection may leave the list while it is looked at, never another one. */
    @Override
    public void run() {
        long now = System.nanoTime();
        TcpConnection c = first;
        while (c != null) {
            TcpConnection next = c.sweepNext;
            c.checkTimeouts(now, idleNanos);
            c = next;
        }
    }
}
