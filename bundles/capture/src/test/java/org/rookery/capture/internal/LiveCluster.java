package org.rookery.capture.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.rookery.api.model.Cidr;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.cluster.internal.ClusterManager;
import org.rookery.cluster.internal.StandaloneCore;
import org.rookery.conntrack.internal.ShardedConnectionTable;
import org.rookery.policy.sh.SourceHashPolicy;
import org.rookery.policy.wrr.WeightedRoundRobinPolicy;

/**
 * A "running" front-end for the tests, built like the live one from the real cluster manager:
 * service web (tcp 192.0.2.10:80, dr) on pool web (wrr, n1..n3 weights 3, 2, 1, only n1 with a MAC),
 * service dns (udp 192.0.2.10:53, nat) on pool dns (one node at 10.0.2.1:5353), service tls (tcp
 * 192.0.2.10:443, tun) on pool tls (one node), and a rule dropping 198.51.100.0/24.
 */
final class LiveCluster {

    static final String N1_MAC = "02:aa:00:00:00:01";

    final ShardedConnectionTable table = new ShardedConnectionTable(4096, TestFrames.T0);
    final ClusterManager cluster = new StandaloneCore(table).cluster();
    final Map<String, DistributionPolicy> policies = Map.of("wrr", new WeightedRoundRobinPolicy(), "sh", new SourceHashPolicy());

    LiveCluster() {
        this(true);
    }

    /** The cluster above, or (false) an empty one with the same policies. */
    LiveCluster(boolean populate) {
        if (!populate) {
            return;
        }
        IpAddress vip = IpAddress.parse("192.0.2.10");
        cluster.addPool("web", "wrr", Map.of());
        cluster.addNode(new Node("web", "n1", IpAddress.parse("10.0.1.1"), 0, N1_MAC, 3, NodeState.UP, -1));
        cluster.addNode(new Node("web", "n2", IpAddress.parse("10.0.1.2"), 0, null, 2, NodeState.UP, -1));
        cluster.addNode(new Node("web", "n3", IpAddress.parse("10.0.1.3"), 0, null, 1, NodeState.UP, -1));
        cluster.addService(new VirtualService("web", vip, Protocol.TCP, PortRange.of(80), "web", ForwardingMethod.DR, null));
        cluster.addPool("dns", "wrr", Map.of());
        cluster.addNode(new Node("dns", "d1", IpAddress.parse("10.0.2.1"), 5353, "02:aa:00:00:00:02", 1, NodeState.UP, -1));
        cluster.addService(new VirtualService("dns", vip, Protocol.UDP, PortRange.of(53), "dns", ForwardingMethod.NAT, null));
        cluster.addPool("tls", "wrr", Map.of());
        cluster.addNode(new Node("tls", "t1", IpAddress.parse("10.0.3.1"), 0, "02:aa:00:00:00:03", 1, NodeState.UP, -1));
        cluster.addService(new VirtualService("tls", vip, Protocol.TCP, PortRange.of(443), "tls", ForwardingMethod.TUN, null));
        cluster.addRule(0, new Rule(0, 0, Cidr.parse("198.51.100.0/24"), null, null, null, Verdict.DROP));
    }

    /** The test's policies as a {@link PolicySource}. */
    PolicySource policySource() {
        return new PolicySource() {
            @Override
            public DistributionPolicy find(String name) {
                return policies.get(name);
            }

            @Override
            public Set<String> names() {
                return new TreeSet<>(policies.keySet());
            }
        };
    }

    Replayer replayer() {
        return new Replayer(cluster, policySource(), LiveSettings.DEFAULTS);
    }
}
