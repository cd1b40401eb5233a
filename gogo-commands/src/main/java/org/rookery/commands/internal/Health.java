package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.VirtualService;

/**
 * The one-line health summary of {@code health} and {@code bin/rookery status}:
 * {@code health: ok — 3 services, 2 pools, 5 nodes (4 up, 1 draining, 0 down, 0 disabled), 0 policies on fallback}.
 * It is {@code degraded} when a service has no usable node, a node is down, a pool runs on the fallback
 * or a bundle is not active, and then names each cause after the counts.
 */
final class Health {

    private Health() {
    }

    /** The summary line; {@code notActive} lists bundles (not fragments) that are not ACTIVE, as {@code BSN STATE}. */
    static String summary(List<VirtualService> services, List<PoolStatus> pools, List<NodeStatus> nodes,
                          List<String> notActive) {
        return summary(services, pools, nodes, notActive, List.of());
    }

    /** As above, with the problems that health checks of other parts report (e.g. an admin listener refused), one line each. */
    static String summary(List<VirtualService> services, List<PoolStatus> pools, List<NodeStatus> nodes,
                          List<String> notActive, List<String> problems) {
        Map<NodeState, Integer> states = new EnumMap<>(NodeState.class);
        for (NodeState s : NodeState.values()) {
            states.put(s, 0);
        }
        nodes.forEach(n -> states.merge(n.state(), 1, Integer::sum));
        List<String> causes = new ArrayList<>();
        List<PoolStatus> fallback = pools.stream().filter(PoolStatus::fallback).toList();
        for (VirtualService s : services) {
            PoolStatus p = pools.stream().filter(x -> x.pool().name().equals(s.pool())).findFirst().orElse(null);
            if (p == null || p.usableNodes() == 0) {
                causes.add("service " + s.name() + " has no usable node");
            }
        }
        if (states.get(NodeState.DOWN) > 0) {
            causes.add(count(states.get(NodeState.DOWN), "node") + " down");
        }
        fallback.forEach(p -> causes.add("pool " + p.pool().name() + " on fallback (" + p.pool().policy() + " not installed)"));
        notActive.forEach(b -> causes.add("bundle " + b));
        causes.addAll(problems);
        return "health: " + (causes.isEmpty() ? "ok" : "degraded") + " — " + count(services.size(), "service") + ", "
                + count(pools.size(), "pool") + ", " + count(nodes.size(), "node") + " (" + states.get(NodeState.UP) + " up, "
                + states.get(NodeState.DRAINING) + " draining, " + states.get(NodeState.DOWN) + " down, "
                + states.get(NodeState.DISABLED) + " disabled), " + (fallback.size() == 1 ? "1 policy" : fallback.size() + " policies")
                + " on fallback" + (causes.isEmpty() ? "" : "; " + String.join(", ", causes));
    }

    /** {@code 1 node}, {@code 2 nodes}. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
