package org.rookery.demo.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/**
 * The demo behind {@code bin/rookery demo}: three HTTP nodes on 127.0.0.1:18081-18083 answering
 * with their names, and, unless the operator configured them already, pool {@code web} (policy
 * {@code wrr}, weights 3, 2, 1) and service {@code web} on 127.0.0.1:8080 in proxy mode. It does
 * nothing unless the framework property {@code rookery.demo} is {@code true}.
 */
@Component(immediate = true, configurationPid = "org.rookery.demo")
@Designate(ocd = DemoConfig.class)
public class Demo {

    static final String[] NODES = {"n1", "n2", "n3"};
    static final int[] WEIGHTS = {3, 2, 1};
    private static final Logger LOG = Logger.getLogger(Demo.class.getName());

    private final List<DemoHttpNode> nodes = new ArrayList<>();

    /** Starts the demo nodes and sets up the default configuration when asked to. */
    @Activate
    public Demo(BundleContext context, @Reference ClusterService cluster, @Reference ClusterAdminService admin,
                DemoConfig config) throws IOException {
        if (!"true".equals(context.getProperty("rookery.demo"))) {
            return;
        }
        try {
            for (int i = 0; i < NODES.length; i++) {
                nodes.add(new DemoHttpNode(NODES[i], config.first_port() + i));
            }
        } catch (IOException e) {
            close();
            throw new IOException("demo: cannot start the demo nodes on 127.0.0.1:" + config.first_port() + "-"
                    + (config.first_port() + NODES.length - 1) + ": " + e.getMessage(), e);
        }
        configure(cluster, admin, config);
        LOG.info("demo: nodes n1-n3 on 127.0.0.1:" + config.first_port() + "-" + (config.first_port() + 2)
                + ", service web on 127.0.0.1:" + config.service_port());
    }

    /** Adds what is missing of the default configuration; never changes what an operator set. */
    static void configure(ClusterService cluster, ClusterAdminService admin, DemoConfig config) {
        if (cluster.pools().stream().noneMatch(p -> p.pool().name().equals("web"))) {
            admin.addPool("web", "wrr", Map.of());
        }
        for (int i = 0; i < NODES.length; i++) {
            String name = NODES[i];
            if (cluster.nodes("web").stream().noneMatch(n -> n.node().name().equals(name))) {
                admin.addNode(new Node("web", name, IpAddress.parse("127.0.0.1"), config.first_port() + i, null,
                        WEIGHTS[i], NodeState.UP, -1));
            }
        }
        if (cluster.service("web").isEmpty()) {
            admin.addService(new VirtualService("web", IpAddress.parse("127.0.0.1"), Protocol.TCP,
                    PortRange.of(config.service_port()), "web", ForwardingMethod.PROXY, null));
        }
    }

    /** Stops the demo nodes. */
    @Deactivate
    public void close() {
        for (DemoHttpNode n : nodes) {
            try {
                n.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        nodes.clear();
    }
}
