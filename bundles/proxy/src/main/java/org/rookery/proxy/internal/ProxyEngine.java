package org.rookery.proxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.VirtualService;

/**
 * The proxy datapath without OSGi: transport, listeners, node watch and counters, built by the
 * component or directly by tests.
 */
final class ProxyEngine {

    /**
     * Per-channel send buffer bounds: above the high mark the other side stops being read, below the
     * low mark it is read again. They bound the proxy's memory per connection at about twice the high
     * mark plus one read, whatever the speed of either end.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);
    /** How often at most a busy flow refreshes its connection-table entry (which expires after 15 min idle). */
    static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long a scrape waits at most for the open relays to add their bytes. */
    private static final long FLUSH_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    final Dispatcher dispatcher;
    final ClusterService cluster;
    final ProxySettings settings;
    final Transport transport;
    final ProxyCounters counters = new ProxyCounters();
    final NodeWatch nodeWatch;
    final NodeBytes nodeBytes = new NodeBytes();
    final ConnectLatency connectLatency;
    /** The idle and connect timeouts of each event loop's TCP connections. */
    final Map<EventExecutor, ConnectionSweep> sweeps;
    private final ServiceBindings bindings;

    ProxyEngine(Dispatcher dispatcher, ClusterService cluster, ProxySettings settings, Transport transport) {
        this.dispatcher = dispatcher;
        this.cluster = cluster;
        this.settings = settings;
        this.transport = transport;
        this.nodeWatch = new NodeWatch(settings.gracePeriodSeconds(), counters);
        this.connectLatency = new ConnectLatency(transport.group);
        this.sweeps = ConnectionSweep.start(transport.group, settings);
        this.bindings = new ServiceBindings(new Listeners(this));
    }

    /** Re-reads services and nodes: binds and unbinds listeners, starts grace periods. */
    void clusterChanged() {
        bindings.reconcile(cluster.services());
        nodeWatch.update(cluster.nodes(null));
    }

    /** Throws with one line when a proxy service could not be served here. */
    void check(VirtualService service) {
        bindings.check(service);
    }

    /** Counts a negative verdict of the dispatcher. */
    void notServed(int verdict) {
        switch (verdict) {
            case Dispatcher.NO_NODE -> counters.refused.increment();
            case Dispatcher.LOCAL -> counters.drop(DropReason.LOCAL);
            default -> counters.drop(DropReason.DROP);
        }
    }

    /**
     * Bytes relayed per node: open relays first add what they carried so far, each on its own event
     * loop (waited for briefly, so a busy loop only delays its part to the next scrape).
     */
    Map<String, NodeTraffic> nodeTraffic() {
        List<Future<?>> flushes = new ArrayList<>();
        nodeWatch.forEach(r -> {
            try {
                flushes.add(r.eventLoop().submit(r::flushBytes));
            } catch (RejectedExecutionException e) {
                // stopping: its bytes were flushed when it closed
            }
        });
        long deadline = System.nanoTime() + FLUSH_WAIT_NANOS;
        for (Future<?> f : flushes) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
        return nodeBytes.snapshot();
    }

    /** Closes the listeners, then every connection, and stops the event loops. */
    void close() {
        bindings.closeAll();
        transport.close(); // closing the channels tells the dispatcher each flow ended
    }
}
