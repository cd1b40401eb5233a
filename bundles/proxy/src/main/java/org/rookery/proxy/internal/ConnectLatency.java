package org.rookery.proxy.internal;

import java.util.IdentityHashMap;
import java.util.Map;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.LatencyRecorder;

/**
 * The time from a TCP connection's arrival to its node connection being established (decision,
 * retries, connect), in one single-writer {@link LatencyRecorder} per event loop: the map from loop to
 * recorder is built once and only read, so recording takes no lock and allocates nothing.
 */
final class ConnectLatency {

    private final Map<EventExecutor, LatencyRecorder> byLoop = new IdentityHashMap<>();

    ConnectLatency(EventLoopGroup group) {
        for (EventExecutor loop : group) {
            byLoop.put(loop, new LatencyRecorder(1));
        }
    }

    /** Records one connection's latency; called on {@code loop}, the connection's event loop. */
    void record(EventExecutor loop, long nanos) {
        LatencyRecorder r = byLoop.get(loop);
        if (r != null) {
            r.record(0, nanos);
        }
    }

    /** The latencies of every loop together. */
    LatencyHistogram snapshot() {
        LatencyHistogram h = LatencyHistogram.EMPTY;
        for (LatencyRecorder r : byLoop.values()) {
            h = h.plus(r.snapshot(0));
        }
        return h;
    }
}
