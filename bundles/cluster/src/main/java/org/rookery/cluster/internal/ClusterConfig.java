package org.rookery.cluster.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.rookery.api.cluster.InvalidDefinitionException.Problem;
import org.rookery.api.model.Node;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/**
 * One immutable, complete cluster configuration. Changes build a new instance with {@code with*}
 * methods, and {@link #errors()} checks it whole before it is stored or used, so that a bad change
 * is refused before anything is written.
 */
final class ClusterConfig {

    static final ClusterConfig EMPTY = new ClusterConfig(Map.of(), Map.of(), Map.of(), List.of(), PortSpace.DISABLED);

    final Map<String, VirtualService> services;
    final Map<String, Pool> pools;
    /** Nodes by {@code pool/name}. */
    final Map<String, Node> nodes;
    final List<Rule> rules;
    final PortSpace portSpace;

    ClusterConfig(Map<String, VirtualService> services, Map<String, Pool> pools, Map<String, Node> nodes,
                  List<Rule> rules, PortSpace portSpace) {
        this.services = Collections.unmodifiableMap(new TreeMap<>(services));
        this.pools = Collections.unmodifiableMap(new TreeMap<>(pools));
        this.nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
        this.rules = List.copyOf(rules);
        this.portSpace = portSpace;
    }

    ClusterConfig withService(VirtualService s) {
        Map<String, VirtualService> m = new HashMap<>(services);
        m.put(s.name(), s);
        return new ClusterConfig(m, pools, nodes, rules, portSpace);
    }

    ClusterConfig withoutService(String name) {
        Map<String, VirtualService> m = new HashMap<>(services);
        m.remove(name);
        return new ClusterConfig(m, pools, nodes, rules, portSpace);
    }

    ClusterConfig withPool(Pool p) {
        Map<String, Pool> m = new HashMap<>(pools);
        m.put(p.name(), p);
        return new ClusterConfig(services, m, nodes, rules, portSpace);
    }

    ClusterConfig withoutPool(String name) {
        Map<String, Pool> m = new HashMap<>(pools);
        m.remove(name);
        return new ClusterConfig(services, m, nodes, rules, portSpace);
    }

    ClusterConfig withNode(Node n) {
        Map<String, Node> m = new HashMap<>(nodes);
        m.put(n.key(), n);
        return new ClusterConfig(services, pools, m, rules, portSpace);
    }

    ClusterConfig withoutNode(String key) {
        Map<String, Node> m = new HashMap<>(nodes);
        m.remove(key);
        return new ClusterConfig(services, pools, m, rules, portSpace);
    }

    ClusterConfig withRules(List<Rule> r) {
        return new ClusterConfig(services, pools, nodes, r, portSpace);
    }

    ClusterConfig withPortSpace(PortSpace ps) {
        return new ClusterConfig(services, pools, nodes, rules, ps);
    }

    /** The lowest port-space index no node holds. */
    int freeIndex() {
        boolean[] used = new boolean[nodes.size() + 1];
        for (Node n : nodes.values()) {
            if (n.index() >= 0 && n.index() < used.length) {
                used[n.index()] = true;
            }
        }
        int i = 0;
        while (used[i]) {
            i++;
        }
        return i;
    }

    /** Every inconsistency, one line each; empty when the configuration is whole. */
    List<String> errors() {
        return problems().stream().map(Problem::message).toList();
    }

    /** Every inconsistency with the items it concerns (both, where two clash). */
    List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        List<VirtualService> list = new ArrayList<>(services.values());
        for (int i = 0; i < list.size(); i++) {
            VirtualService s = list.get(i);
            if (!pools.containsKey(s.pool())) {
                problems.add(problem("service " + s.name() + " names pool " + s.pool() + ", which does not exist", s));
            }
            for (int j = i + 1; j < list.size(); j++) {
                VirtualService o = list.get(j);
                if (o.vip().equals(s.vip()) && o.protocol() == s.protocol() && o.ports().overlaps(s.ports())) {
                    problems.add(problem("services " + s.name() + " and " + o.name() + " both take " + s.protocol() + " "
                            + s.vip() + " ports " + s.ports() + " / " + o.ports(), s, o));
                }
            }
        }
        Map<Integer, Node> indexOwner = new HashMap<>();
        for (Node n : nodes.values()) {
            if (!pools.containsKey(n.pool())) {
                problems.add(problem("node " + n.key() + " is in pool " + n.pool() + ", which does not exist", n));
            }
            if (n.index() >= 0) {
                Node prev = indexOwner.put(n.index(), n);
                if (prev != null) {
                    problems.add(problem("nodes " + prev.key() + " and " + n.key() + " both hold port-space index "
                            + n.index(), prev, n));
                }
                checkSlice(n, problems);
            }
        }
        for (Rule r : rules) {
            Verdict v = r.verdict();
            if (v.kind() == Verdict.Kind.POOL && !pools.containsKey(v.target())) {
                problems.add(problem("rule " + r.id() + " sends to pool " + v.target() + ", which does not exist", r));
            }
            if (v.kind() == Verdict.Kind.NODE && !nodes.containsKey(v.target())) {
                problems.add(problem("rule " + r.id() + " sends to node " + v.target() + ", which does not exist", r));
            }
        }
        return problems;
    }

    static Problem problem(String message, Object... items) {
        return new Problem(message, List.of(items));
    }

    private void checkSlice(Node n, List<Problem> problems) {
        if (portSpace.disabled() || n.index() >= portSpace.slices()) {
            return;
        }
        PortRange slice = portSpace.sliceOf(n.index());
        for (VirtualService s : services.values()) {
            if (s.ports().overlaps(slice)) {
                problems.add(problem("node " + n.key() + "'s port slice " + slice + " overlaps service " + s.name()
                        + " ports " + s.ports() + "; move the port space or the service", portSpace, s, n));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterConfig c && services.equals(c.services) && pools.equals(c.pools)
                && nodes.equals(c.nodes) && rules.equals(c.rules) && portSpace.equals(c.portSpace);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(services, pools, nodes, rules, portSpace);
    }
}
