package org.rookery.health.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.load.NodeLoad;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.VirtualService;

/** A cluster of fixed nodes that records what the health side reports to it; only the methods used here work. */
final class FakeCluster {

    final List<Node> nodes = new ArrayList<>();
    final List<VirtualService> services = new ArrayList<>();
    final Map<String, NodeLoad> loads = new ConcurrentHashMap<>();
    final Map<String, Long> validUntil = new ConcurrentHashMap<>();
    final Map<String, Boolean> healthy = new ConcurrentHashMap<>();
    final List<String> healthChanges = new java.util.concurrent.CopyOnWriteArrayList<>();
    PortSpace portSpace = PortSpace.DISABLED;

    FakeCluster node(String pool, String name, String address, int port, int index) {
        nodes.add(new Node(pool, name, IpAddress.parse(address), port, null, 1, NodeState.UP, index));
        return this;
    }

    ClusterService service() {
        return (ClusterService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ClusterService.class},
                (p, m, a) -> switch (m.getName()) {
                    case "nodes" -> nodes.stream().filter(n -> a[0] == null || n.pool().equals(a[0]))
                            .map(n -> new NodeStatus(n, 0, NodeState.UP, 0, 0, null)).toList();
                    case "services" -> List.copyOf(services);
                    case "portSpace" -> portSpace;
                    case "pools" -> nodes.stream().map(Node::pool).distinct()
                            .map(pool -> new org.rookery.api.cluster.PoolStatus(new org.rookery.api.model.Pool(pool, "rr"), "rr", false, 0))
                            .toList();
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    ClusterAdminService admin() {
        return (ClusterAdminService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ClusterAdminService.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "reportLoad" -> {
                            loads.put(a[0] + "/" + a[1], (NodeLoad) a[2]);
                            validUntil.put(a[0] + "/" + a[1], (Long) a[3]);
                        }
                        case "setNodeHealth" -> {
                            healthy.put(a[0] + "/" + a[1], (Boolean) a[2]);
                            healthChanges.add(a[0] + "/" + a[1] + "=" + a[2]);
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
    }
}
