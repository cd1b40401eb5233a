package org.rookery.proxy.internal;

import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rookery.api.cluster.ClusterListener;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.datapath.Datapath;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.VirtualService;

/**
 * The proxy datapath as a DS component. It depends on the cluster and dispatcher; the cluster finds it
 * as a {@link ClusterListener} and {@link Datapath} through the registry at each change, never by a DS
 * reference, so there is no cycle. Immediate, because the cluster gets and ungets it around each call
 * and a delayed component would be deactivated, listeners and all, after every change. A change of its
 * configuration reactivates it (no modified method): the event loops are sized at start.
 */
@Component(service = {Datapath.class, ClusterListener.class}, configurationPid = ProxyComponent.PID, immediate = true)
@Designate(ocd = ProxyConfig.class)
public class ProxyComponent implements Datapath, ClusterListener {

    /** The configuration PID. */
    public static final String PID = "org.rookery.proxy";

    private final ProxyEngine engine;

    /** Starts the event loops and binds the proxy services configured now. */
    @Activate
    public ProxyComponent(@Reference(name = "dispatcher") Dispatcher dispatcher,
                          @Reference(name = "cluster") ClusterService cluster, ProxyConfig config) {
        ProxySettings settings = ProxySettings.from(config);
        Transport transport = Transport.start(settings.effectiveThreads(), settings.epoll());
        engine = new ProxyEngine(dispatcher, cluster, settings, transport);
        engine.clusterChanged();
    }

    /** Closes listeners and connections and stops the event loops. */
    @Deactivate
    public void stop() {
        engine.close();
    }

    /** Binds, unbinds and rebinds listeners, and starts grace periods of nodes gone or down. */
    @Override
    public void clusterChanged(String what) {
        engine.clusterChanged();
    }

    /** {@code proxy}. */
    @Override
    public String name() {
        return "proxy";
    }

    /** Only {@link ForwardingMethod#PROXY}. */
    @Override
    public Set<ForwardingMethod> methods() {
        return Set.of(ForwardingMethod.PROXY);
    }

    /** Connections, bytes, failures, retries, refusals, drops by reason, UDP sessions. */
    @Override
    public Map<String, Long> counters() {
        return engine.counters.snapshot();
    }

    /** Decision plus connect time of new TCP connections, under {@code tcp}. */
    @Override
    public Map<String, LatencyHistogram> connectLatency() {
        return Map.of("tcp", engine.connectLatency.snapshot());
    }

    /** Bytes relayed to and from each node. */
    @Override
    public Map<String, NodeTraffic> nodeTraffic() {
        return engine.nodeTraffic();
    }

    /** Refuses a service whose ports cannot be bound here (in use, VIP not local, range above 64 ports). */
    @Override
    public void check(VirtualService service) {
        engine.check(service);
    }
}
