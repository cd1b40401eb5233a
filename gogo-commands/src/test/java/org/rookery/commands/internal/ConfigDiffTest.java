package org.rookery.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;

class ConfigDiffTest {

    @Test
    void theSameConfigurationInAnotherOrderIsNoChange() {
        ClusterDefinition d = ConfigFileTest.sample();
        ClusterDefinition shuffled = new ClusterDefinition(reversed(d.services()), reversed(d.pools()), reversed(d.nodes()),
                d.rules(), d.portSpace());
        assertEquals(List.of(), ConfigDiff.lines(d, shuffled));
    }

    @Test
    void addedChangedAndRemovedItemsAreOneLineEach() {
        ClusterDefinition d = ConfigFileTest.sample();
        List<Node> nodes = new ArrayList<>(d.nodes());
        nodes.removeIf(n -> n.name().equals("a1"));
        nodes.set(0, nodes.get(0).withWeight(5).withState(NodeState.DRAINING));
        nodes.add(new Node("web", "n4", IpAddress.parse("10.0.0.4"), 0, null, 1, NodeState.UP, 3));
        List<Pool> pools = List.of(new Pool("web", "wrr", Map.of("maglev.table", "251", "note", "two words")), d.pools().get(1));
        List<Rule> rules = List.of(new Rule(7, 0, null, null, null, null, Verdict.LOCAL), d.rules().get(1), d.rules().get(0));
        ClusterDefinition after = new ClusterDefinition(d.services().subList(0, 1), pools, nodes, rules, PortSpace.DISABLED);
        assertEquals(List.of(
                "~ portspace base 10000 -> off, slice 1000 -> off",
                "~ pool web policy maglev -> wrr",
                "- node api/a1",
                "~ node web/n1 weight 3 -> 5, state up -> draining",
                "+ node web/n4 address=10.0.0.4 weight=1 state=up index=3",
                "- service dns",
                "+ rule 7 position=1 to=local",
                "~ rules order 4,2 -> 2,4"), ConfigDiff.lines(d, after));
    }

    @Test
    void aNodeWithoutIndexIsGivenTheLowestFreeOneAndARunningNodeKeepsItsOwn() {
        Node running = new Node("web", "n1", IpAddress.parse("10.0.0.1"), 0, null, 1, NodeState.UP, 5);
        Node n1 = running.withIndex(-1);
        Node n2 = new Node("web", "n2", IpAddress.parse("10.0.0.2"), 0, null, 1, NodeState.UP, -1);
        Node n3 = new Node("web", "n3", IpAddress.parse("10.0.0.3"), 0, null, 1, NodeState.UP, 0);
        List<Node> out = FileDefaults.withIndexes(List.of(n1, n2, n3), List.of(running));
        assertEquals(List.of(5, 1, 0), out.stream().map(Node::index).toList());
        List<Rule> rules = FileDefaults.withIds(List.of(new Rule(0, 0, null, null, null, null, Verdict.DROP),
                new Rule(9, 0, null, null, null, null, Verdict.LOCAL), new Rule(0, 0, null, null, null, null, Verdict.LOCAL)));
        assertEquals(List.of(10, 9, 11), rules.stream().map(Rule::id).toList());
    }

    private static <T> List<T> reversed(List<T> l) {
        List<T> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }
}
