package org.rookery.proxy.internal;

import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.FlowKey;

/**
 * A proxied flow as the connection table knows it: placed by the dispatcher, refreshed while it
 * carries traffic, and forgotten exactly once. Owned by one event loop thread.
 */
final class TrackedFlow {

    /** The key of the flow: client as source, VIP as destination, no TCP flags. */
    final FlowKey key = new FlowKey();
    private final Dispatcher dispatcher;
    private final ProxyCounters counters;
    private boolean tracked;
    private long lastRefresh;

    TrackedFlow(Dispatcher dispatcher, ProxyCounters counters) {
        this.dispatcher = dispatcher;
        this.counters = counters;
    }

    /** Asks the dispatcher for a node; a node id (>= 0) means the flow is now tracked, counting as active. */
    int place() {
        long now = System.nanoTime();
        int id = dispatcher.decide(key, now);
        if (id >= 0) {
            tracked = true;
            lastRefresh = now;
        }
        return id;
    }

    /**
     * Tells the table the flow is alive, at most every few seconds: the table expires an idle established
     * flow after 15 minutes, and a busy proxied connection sends no packets through it to say otherwise.
     * For a tracked flow the dispatcher returns the same node and only refreshes the entry.
     */
    void refresh(long now) {
        if (tracked && now - lastRefresh >= ProxyEngine.REFRESH_NANOS) {
            lastRefresh = now;
            dispatcher.decide(key, now);
            counters.refreshes.increment();
        }
    }

    /** Tells the dispatcher the flow ended (or its placement failed); does nothing the second time. */
    void forget() {
        if (tracked) {
            tracked = false;
            dispatcher.closed(key);
        }
    }
}
