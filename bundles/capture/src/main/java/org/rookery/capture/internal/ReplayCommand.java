package org.rookery.capture.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rookery.api.cluster.ClusterService;

/**
 * The {@code rookery:replay} command: a pcap file through a copy of the front-end's decision, with
 * the distribution per node and per verdict printed and the rewritten frames optionally written out.
 * Live flows, counters and configuration are never touched.
 */
@Component(service = ReplayCommand.class, property = {
        "osgi.command.scope=rookery",
        "osgi.command.function=replay"
})
public class ReplayCommand {

    private final ConfigurationAdmin cm;
    private final BundleContext context;

    /** Built by DS with Config Admin (the chain's and dispatcher's settings) and the bundle's context (cluster, policies). */
    @Activate
    public ReplayCommand(@Reference ConfigurationAdmin cm, BundleContext context) {
        this.cm = cm;
        this.context = context;
    }

    /** Replays a capture and returns the distribution table. */
    @Descriptor("replay a pcap file of Ethernet frames through a copy of the live decision (its flows, counters and"
            + " configuration untouched): frames per node and per verdict, and with --out the rewritten frames"
            + " (dr: node MAC, nat: node address and port, tun: IP-in-IP; proxy frames are counted only); usage: "
            + ReplayRequest.USAGE)
    public String replay(@Descriptor("FILE.pcap [--service NAME] [--policy P] [--out FILE.pcap]") Object... args) {
        ReplayRequest request = ReplayRequest.parse(args);
        ServiceReference<?> ref = clusterReference();
        ClusterService cluster = (ClusterService) context.getService(ref);
        if (cluster == null) {
            throw new IllegalStateException("the cluster service has just gone; try again once the front-end is up");
        }
        try (BundlePolicies policies = new BundlePolicies(context)) {
            return new Replayer(cluster, policies, LiveSettings.read(cm)).replay(request).format();
        } finally {
            context.ungetService(ref);
        }
    }

    private ServiceReference<?> clusterReference() {
        ServiceReference<?> ref = ClusterRef.find(context);
        if (ref == null) {
            throw new IllegalStateException("the cluster is not running; replay copies its configuration");
        }
        return ref;
    }
}
