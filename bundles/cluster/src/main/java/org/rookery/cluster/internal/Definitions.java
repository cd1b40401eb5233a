package org.rookery.cluster.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.cluster.InvalidDefinitionException.Problem;
import org.rookery.api.model.Node;
import org.rookery.api.model.Pool;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/**
 * Converts between the API's {@link ClusterDefinition} (lists, as a file or a caller gives them) and
 * {@link ClusterConfig} (maps by name). The lists can hold what the maps cannot, two items of one name
 * or two rules of one id, so the conversion reports those as problems beside {@link ClusterConfig#problems()}.
 */
final class Definitions {

    private Definitions() {
    }

    /** The configuration as a definition: items sorted by name (nodes by pool/name), rules in chain order. */
    static ClusterDefinition of(ClusterConfig c) {
        return new ClusterDefinition(List.copyOf(c.services.values()), List.copyOf(c.pools.values()),
                List.copyOf(c.nodes.values()), c.rules, c.portSpace);
    }

    /** The definition as a configuration; duplicates and bad rule ids are added to {@code problems}. */
    static ClusterConfig config(ClusterDefinition d, List<Problem> problems) {
        Map<String, VirtualService> services = unique(d.services(), VirtualService::name, "service", problems);
        Map<String, Pool> pools = unique(d.pools(), Pool::name, "pool", problems);
        Map<String, Node> nodes = unique(d.nodes(), Node::key, "node", problems);
        Map<Integer, Rule> ids = new HashMap<>();
        for (Rule r : d.rules()) {
            if (r.id() <= 0) {
                problems.add(ClusterConfig.problem("a rule has id " + r.id() + "; rule ids are positive", r));
            } else if (ids.putIfAbsent(r.id(), r) != null) {
                problems.add(ClusterConfig.problem("two rules have id " + r.id() + "; rule ids are unique",
                        ids.get(r.id()), r));
            }
        }
        return new ClusterConfig(services, pools, nodes, d.rules(), d.portSpace());
    }

    private static <T> Map<String, T> unique(List<T> items, Function<T, String> key, String kind, List<Problem> problems) {
        Map<String, T> m = new HashMap<>();
        for (T item : items) {
            T earlier = m.putIfAbsent(key.apply(item), item);
            if (earlier != null) {
                problems.add(ClusterConfig.problem(kind + " " + key.apply(item) + " is defined twice", earlier, item));
            }
        }
        return m;
    }

    /** How many items a replacement adds, changes and removes, for the log: {@code 2 added, 1 changed, 0 removed}. */
    static String summary(ClusterConfig before, ClusterConfig after) {
        int[] counts = new int[3];
        count(before.services, after.services, counts);
        count(before.pools, after.pools, counts);
        count(before.nodes, after.nodes, counts);
        count(rulesById(before.rules), rulesById(after.rules), counts);
        if (!before.portSpace.equals(after.portSpace)) {
            counts[1]++;
        }
        // the same rules in another order change nothing above, yet change the chain
        boolean reordered = !before.rules.equals(after.rules) && rulesById(before.rules).equals(rulesById(after.rules));
        return counts[0] + " added, " + counts[1] + " changed, " + counts[2] + " removed" + (reordered ? ", rules reordered" : "");
    }

    private static <K, T> void count(Map<K, T> before, Map<K, T> after, int[] counts) {
        after.forEach((k, v) -> {
            if (!before.containsKey(k)) {
                counts[0]++;
            } else if (!Objects.equals(before.get(k), v)) {
                counts[1]++;
            }
        });
        before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(k -> counts[2]++);
    }

    private static Map<Integer, Rule> rulesById(List<Rule> rules) {
        Map<Integer, Rule> m = new HashMap<>();
        rules.forEach(r -> m.put(r.id(), r));
        return m;
    }
}
