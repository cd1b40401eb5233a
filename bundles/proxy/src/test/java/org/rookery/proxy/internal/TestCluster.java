package org.rookery.proxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/** A cluster for unit tests: services set by the test, nodes read from the test dispatcher. */
final class TestCluster implements ClusterService {

    private final TestDispatcher dispatcher;
    volatile List<VirtualService> services = List.of();

    TestCluster(TestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public List<VirtualService> services() {
        return services;
    }

    @Override
    public Optional<VirtualService> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public List<PoolStatus> pools() {
        return List.of();
    }

    @Override
    public List<NodeStatus> nodes(String pool) {
        List<NodeStatus> out = new ArrayList<>();
        for (int id = 0; id < dispatcher.nodes.size(); id++) {
            Node n = dispatcher.nodes.get(id);
            if (n != null) {
                out.add(new NodeStatus(n, id, n.state(), 0, 0, null));
            }
        }
        return out;
    }

    @Override
    public List<Rule> rules() {
        return List.of();
    }

    @Override
    public Optional<Verdict> defaultVerdict() {
        return Optional.of(Verdict.LOCAL);
    }

    @Override
    public PortSpace portSpace() {
        return null;
    }

    @Override
    public Map<String, Map<String, Long>> stats() {
        return Map.of();
    }

    /** Sets a node's state, as a health check or the operator would. */
    void setState(int id, NodeState state) {
        dispatcher.nodes.set(id, dispatcher.nodes.get(id).withState(state));
    }
}
