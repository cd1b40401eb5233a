package org.rookery.admin.internal;

import java.util.Map;
import java.util.Set;

import org.rookery.api.datapath.Datapath;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.ForwardingMethod;

/** A proxy datapath for the admin tests that reports the counters, latencies and bytes it is given. */
record FakeDatapath(Map<String, Long> counters, Map<String, LatencyHistogram> connectLatency,
                    Map<String, LatencyHistogram> packetLatency, Map<String, NodeTraffic> nodeTraffic) implements Datapath {

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public Set<ForwardingMethod> methods() {
        return Set.of(ForwardingMethod.PROXY);
    }
}
