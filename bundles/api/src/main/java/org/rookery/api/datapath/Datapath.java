package org.rookery.api.datapath;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.VirtualService;

/** A datapath (packet capture, proxy) registered as a service so that commands can list it and its counters. */
@ConsumerType
public interface Datapath {

    /** A short name, e.g. {@code capture} or {@code proxy}. */
    String name();

    /** The forwarding methods it serves. */
    Set<ForwardingMethod> methods();

    /** Its counters (packets, bytes, drops by reason, …), a snapshot. */
    Map<String, Long> counters();

    /**
     * Per-packet latency in this process, from the frame's arrival to its send (or drop), by mode
     * ({@code dr}, {@code nat}, {@code tun}, {@code nat-out} for NAT replies, {@code drop}, {@code other});
     * empty for a datapath that does not carry packets. Snapshots, summed over the datapath's threads.
     */
    default Map<String, LatencyHistogram> packetLatency() {
        return Map.of();
    }

    /**
     * Per new connection, from its arrival to the node's connection being established (decision,
     * retries and connect), by protocol ({@code tcp}); empty for a datapath that does not connect.
     */
    default Map<String, LatencyHistogram> connectLatency() {
        return Map.of();
    }

    /** Bytes carried per node, keyed {@code pool/name}; nodes since deleted may remain. */
    default Map<String, NodeTraffic> nodeTraffic() {
        return Map.of();
    }

    /**
     * Throws {@link IllegalArgumentException} with one line when this datapath could not serve the
     * service (e.g. the port is in use); called before a service is stored.
     */
    default void check(VirtualService service) {
    }
}
