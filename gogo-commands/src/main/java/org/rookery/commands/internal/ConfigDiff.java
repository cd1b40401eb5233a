package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.load.AgentSettings;
import org.rookery.api.model.Node;
import org.rookery.api.model.Pool;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/**
 * What replacing one configuration by another changes, one line per item: {@code + node web/n4
 * address=10.0.0.4 weight=1 ...} added, {@code ~ pool web policy wrr -> maglev} changed,
 * {@code - service old} removed; and {@code ~ rules order 1,2 -> 2,1} when the same rules change order.
 * Items are compared by their fields, so the order of lines in a file is not a change (except rules').
 */
final class ConfigDiff {

    private ConfigDiff() {
    }

    /** The changes from {@code before} to {@code after}; empty when they are the same configuration. */
    static List<String> lines(ClusterDefinition before, ClusterDefinition after) {
        List<String> out = new ArrayList<>();
        compare("portspace", Map.of("", before.portSpace()), Map.of("", after.portSpace()), ItemFields::of, null, out);
        compare("pool", byKey(before.pools(), Pool::name), byKey(after.pools(), Pool::name), ItemFields::of, null, out);
        compare("node", byKey(before.nodes(), Node::key), byKey(after.nodes(), Node::key), ItemFields::of, null, out);
        compare("service", byKey(before.services(), VirtualService::name), byKey(after.services(), VirtualService::name),
                ItemFields::of, null, out);
        Map<String, Rule> oldRules = byKey(before.rules(), r -> Integer.toString(r.id()));
        Map<String, Rule> newRules = byKey(after.rules(), r -> Integer.toString(r.id()));
        // where a new rule goes matters; a kept rule's position shifts with every insertion above it
        compare("rule", oldRules, newRules, ItemFields::of, r -> position(r, after.rules()), out);
        List<String> oldOrder = order(before.rules(), newRules);
        List<String> newOrder = order(after.rules(), oldRules);
        if (!oldOrder.equals(newOrder)) {
            out.add("~ rules order " + String.join(",", oldOrder) + " -> " + String.join(",", newOrder));
        }
        return out;
    }

    private static <T> void compare(String kind, Map<String, T> before, Map<String, T> after,
                                    Function<T, Map<String, String>> fields, Function<T, String> added, List<String> out) {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        before.keySet().forEach(k -> keys.put(k, true));
        after.keySet().forEach(k -> keys.put(k, true));
        String prefix = kind + (kind.equals("portspace") || kind.equals("agent") ? "" : " ");
        for (String k : keys.keySet()) {
            T was = before.get(k);
            T now = after.get(k);
            if (now == null) {
                out.add("- " + prefix + k);
            } else if (was == null) {
                out.add("+ " + prefix + k + (added == null ? "" : added.apply(now)) + fields.apply(now).entrySet().stream()
                        .filter(e -> e.getValue() != null).map(e -> " " + e.getKey() + "=" + Words.quote(e.getValue()))
                        .collect(Collectors.joining()));
            } else if (!was.equals(now)) {
                Map<String, String> a = fields.apply(was);
                Map<String, String> b = fields.apply(now);
                out.add("~ " + prefix + k + " " + b.keySet().stream().filter(f -> !Objects.equals(a.get(f), b.get(f)))
                        .map(f -> f + " " + shown(a.get(f)) + " -> " + shown(b.get(f))).collect(Collectors.joining(", ")));
            }
        }
    }

    /**
     * The changes to the health checks ({@code ~ health web interval 2s -> 1s}) and the agent receiver
     * ({@code + agent ...}, {@code ~ agent port 7070 -> 7071}, {@code - agent}: off); null settings are off.
     */
    static List<String> nodeSideLines(List<HealthCheck> checksBefore, List<HealthCheck> checksAfter, AgentSettings agentBefore,
                                      AgentSettings agentAfter) {
        List<String> out = new ArrayList<>();
        Map<String, AgentSettings> was = agentBefore == null ? Map.of() : Map.of("", agentBefore);
        Map<String, AgentSettings> now = agentAfter == null ? Map.of() : Map.of("", agentAfter);
        compare("agent", was, now, ConfigDiff::fields, null, out);
        compare("health", byKey(checksBefore, HealthCheck::pool), byKey(checksAfter, HealthCheck::pool), ConfigDiff::fields, null, out);
        return out;
    }

    private static Map<String, String> fields(HealthCheck c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", c.type());
        m.put("interval", HealthChecks.seconds(c.intervalMillis()) + "s");
        m.put("timeout", HealthChecks.seconds(c.timeoutMillis()) + "s");
        m.put("rise", Integer.toString(c.rise()));
        m.put("fall", Integer.toString(c.fall()));
        m.put("port", c.port() == 0 ? null : Integer.toString(c.port()));
        m.put("path", c.type().equals("http") || !c.path().equals("/") ? c.path() : null);
        m.put("expect", c.type().equals("http") || c.expect() != 200 ? Integer.toString(c.expect()) : null);
        return m;
    }

    private static Map<String, String> fields(AgentSettings s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("address", s.address());
        m.put("port", Integer.toString(s.port()));
        m.put("key", s.keyFile());
        m.put("missed", Integer.toString(s.missed()));
        m.put("max-age", HealthChecks.seconds(s.maxAgeMillis()) + "s");
        return m;
    }

    private static String shown(String v) {
        return v == null ? "-" : Words.quote(v);
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> m = new LinkedHashMap<>();
        items.forEach(i -> m.put(key.apply(i), i));
        return m;
    }

    /** The ids of {@code rules} that {@code other} has too, in chain order: a change of it is a reordering. */
    private static List<String> order(List<Rule> rules, Map<String, Rule> other) {
        return rules.stream().map(r -> Integer.toString(r.id())).filter(other::containsKey).toList();
    }

    private static String position(Rule r, List<Rule> chain) {
        return " position=" + (chain.indexOf(r) + 1);
    }
}
