package org.rookery.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.cluster.InvalidDefinitionException;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;
import org.rookery.conntrack.internal.ShardedConnectionTable;

/** Replacing the whole configuration: exactly the definition, one stored change, one notification, or nothing. */
class ReplaceTest {

    final List<ClusterConfig[]> saves = new ArrayList<>();
    final List<String> told = new ArrayList<>();
    ClusterManager c;

    @BeforeEach
    void setUp() {
        ConfigStore recording = new ConfigStore() {
            @Override
            public ClusterConfig load(List<String> problems) {
                return ClusterConfig.EMPTY;
            }

            @Override
            public void save(ClusterConfig before, ClusterConfig after) {
                saves.add(new ClusterConfig[] {before, after});
            }
        };
        c = new ClusterManager(recording, new ShardedConnectionTable(1024, System.nanoTime()));
        c.addListener(told::add);
        c.addPool("old", "rr", Map.of());
        c.addService(ClusterManagerTest.service("old", "192.0.2.9", "80", "old"));
        c.addNode(ClusterManagerTest.node("old", "o1", "10.0.9.1"));
        saves.clear();
        told.clear();
    }

    static Node node(String pool, String name, String addr, int index) {
        return new Node(pool, name, IpAddress.parse(addr), 0, null, 1, NodeState.UP, index);
    }

    @Test
    void theRunningConfigurationBecomesExactlyTheDefinitionInOneChange() {
        ClusterDefinition d = new ClusterDefinition(
                List.of(ClusterManagerTest.service("web", "192.0.2.10", "80", "web")),
                List.of(new Pool("web", "maglev", Map.of("maglev.table", "251"))),
                List.of(node("web", "n1", "10.0.0.1", 3), node("web", "n2", "10.0.0.2", -1)),
                List.of(new Rule(7, 0, null, null, null, null, Verdict.DROP), new Rule(2, 0, null, null, null, null, Verdict.LOCAL)),
                new PortSpace(10000, 1000));
        c.replace(d);
        ClusterDefinition now = c.definition();
        assertEquals(d.services(), now.services());
        assertEquals(d.pools(), now.pools());
        assertEquals(d.nodes(), now.nodes(), "indexes are taken as given, -1 included");
        assertEquals(d.rules(), now.rules(), "rule ids and order are kept");
        assertEquals(d.portSpace(), now.portSpace());
        assertEquals(1, saves.size(), "one stored change");
        assertEquals("old", saves.get(0)[0].pools.keySet().iterator().next());
        assertEquals(1, told.size(), "listeners told once");
        assertTrue(told.get(0).contains("configuration replaced: 6 added, 1 changed, 3 removed"), told.get(0));
    }

    @Test
    void anInconsistentDefinitionListsEveryProblemWithItsItemsAndChangesNothing() {
        VirtualService a = ClusterManagerTest.service("a", "192.0.2.10", "80", "web");
        VirtualService b = ClusterManagerTest.service("b", "192.0.2.10", "79-81", "web");
        Node orphan = node("nope", "n1", "10.0.0.1", -1);
        Rule r1 = new Rule(3, 0, null, null, null, null, Verdict.pool("ghost"));
        Rule r2 = new Rule(3, 0, null, null, null, null, Verdict.DROP);
        Pool web = new Pool("web", "rr");
        ClusterDefinition d = new ClusterDefinition(List.of(a, b), List.of(web, new Pool("web", "wrr")), List.of(orphan),
                List.of(r1, r2), null);
        ClusterDefinition before = c.definition();
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> c.replace(d));
        List<String> messages = e.problems().stream().map(InvalidDefinitionException.Problem::message).toList();
        assertEquals(5, messages.size(), messages.toString());
        assertTrue(messages.contains("pool web is defined twice"), messages.toString());
        assertTrue(messages.contains("two rules have id 3; rule ids are unique"), messages.toString());
        assertTrue(messages.contains("node nope/n1 is in pool nope, which does not exist"), messages.toString());
        assertTrue(messages.contains("rule 3 sends to pool ghost, which does not exist"), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("services a and b both take")), messages.toString());
        InvalidDefinitionException.Problem overlap = e.problems().stream().filter(p -> p.message().startsWith("services"))
                .findFirst().orElseThrow();
        assertTrue(overlap.items().get(0) == a && overlap.items().get(1) == b, "the very items given");
        assertThrows(InvalidDefinitionException.class, () -> c.validate(d));
        assertEquals(before, c.definition());
        assertEquals(List.of(), saves);
        assertEquals(List.of(), told);
    }

    @Test
    void aRuleKeepsAGivenFreeIdAndATakenOneIsRefused() {
        Rule r = c.addRule(0, new Rule(40, 0, null, null, null, null, Verdict.DROP));
        assertEquals(40, r.id());
        assertEquals(41, c.addRule(0, new Rule(0, 0, null, null, null, null, Verdict.LOCAL)).id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.addRule(0, new Rule(40, 0, null, null, null, null, Verdict.LOCAL)));
        assertTrue(e.getMessage().contains("rule id 40 exists"), e.getMessage());
    }
}
