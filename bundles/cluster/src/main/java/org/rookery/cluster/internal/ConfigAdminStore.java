package org.rookery.cluster.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.rookery.api.model.Node;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/**
 * Keeps the cluster in Config Admin: one factory configuration per service, pool and node (named, so
 * {@code conf/org.rookery.pool-web.cfg} and {@code pool add web} are the same item), one configuration
 * for the ordered rules and one for the port space. Felix Config Admin persists them under
 * {@code felix.cm.dir}, so they survive restarts and a cleaned framework cache.
 */
final class ConfigAdminStore implements ConfigStore {

    private final ConfigurationAdmin cm;

    ConfigAdminStore(ConfigurationAdmin cm) {
        this.cm = cm;
    }

    @Override
    public ClusterConfig load(List<String> problems) throws IOException {
        Map<String, VirtualService> services = new HashMap<>();
        Map<String, Pool> pools = new HashMap<>();
        Map<String, Node> nodes = new HashMap<>();
        for (Map<String, String> p : factory(ConfigCodec.SERVICE_PID)) {
            read(problems, "service", p, ConfigCodec::service).ifPresent(s -> services.put(s.name(), s));
        }
        for (Map<String, String> p : factory(ConfigCodec.POOL_PID)) {
            read(problems, "pool", p, ConfigCodec::pool).ifPresent(x -> pools.put(x.name(), x));
        }
        for (Map<String, String> p : factory(ConfigCodec.NODE_PID)) {
            read(problems, "node", p, ConfigCodec::node).ifPresent(n -> nodes.put(n.key(), n));
        }
        List<Rule> rules = new ArrayList<>();
        TreeMap<Integer, String> ordered = new TreeMap<>();
        single(ConfigCodec.RULES_PID).forEach((k, v) -> {
            if (k.startsWith(ConfigCodec.RULE_PREFIX)) {
                try {
                    ordered.put(Integer.parseInt(k.substring(ConfigCodec.RULE_PREFIX.length())), v);
                } catch (NumberFormatException e) {
                    problems.add("rules: key " + k + " is not rule.NUMBER; skipped");
                }
            }
        });
        ordered.values().forEach(text -> read(problems, "rule", Map.of("text", text), m -> ConfigCodec.rule(m.get("text")))
                .ifPresent(rules::add));
        Map<String, String> ps = single(ConfigCodec.PORTSPACE_PID);
        PortSpace portSpace = ps.isEmpty() ? PortSpace.DISABLED
                : read(problems, "portspace", ps, ConfigCodec::portSpace).orElse(PortSpace.DISABLED);
        return new ClusterConfig(services, pools, nodes, rules, portSpace);
    }

    private static <T> java.util.Optional<T> read(List<String> problems, String kind, Map<String, String> p,
                                                  Function<Map<String, String>, T> parser) {
        try {
            return java.util.Optional.of(parser.apply(p));
        } catch (RuntimeException e) {
            problems.add(kind + " " + p.getOrDefault("name", p.getOrDefault("service.pid", "?")) + ": " + e.getMessage()
                    + "; skipped");
            return java.util.Optional.empty();
        }
    }

    private List<Map<String, String>> factory(String factoryPid) throws IOException {
        List<Map<String, String>> result = new ArrayList<>();
        for (Configuration c : list("(service.factoryPid=" + factoryPid + ")")) {
            Map<String, String> p = ConfigCodec.strings(c.getProperties());
            if (!p.containsKey("name")) {
                // a factory configuration named by its PID (org.rookery.pool~web) or file (org.rookery.pool-web.cfg)
                String pid = c.getPid();
                int tilde = pid.indexOf('~');
                if (tilde > 0) {
                    p.put("name", pid.substring(tilde + 1));
                }
            }
            result.add(p);
        }
        return result;
    }

    private Map<String, String> single(String pid) throws IOException {
        Configuration[] c = list("(service.pid=" + pid + ")");
        return c.length == 0 ? Map.of() : ConfigCodec.strings(c[0].getProperties());
    }

    private Configuration[] list(String filter) throws IOException {
        try {
            Configuration[] c = cm.listConfigurations(filter);
            return c == null ? new Configuration[0] : c;
        } catch (InvalidSyntaxException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void save(ClusterConfig before, ClusterConfig after) throws IOException {
        sync(ConfigCodec.SERVICE_PID, before.services, after.services, s -> "(name=" + s.name() + ")", ConfigCodec::service, VirtualService::name);
        sync(ConfigCodec.POOL_PID, before.pools, after.pools, p -> "(name=" + p.name() + ")", ConfigCodec::pool, Pool::name);
        sync(ConfigCodec.NODE_PID, before.nodes, after.nodes, n -> "(&(pool=" + n.pool() + ")(name=" + n.name() + "))",
                ConfigCodec::node, n -> n.pool() + "." + n.name());
        if (!before.rules.equals(after.rules)) {
            java.util.Hashtable<String, Object> d = new java.util.Hashtable<>();
            for (int i = 0; i < after.rules.size(); i++) {
                d.put(String.format("%s%03d", ConfigCodec.RULE_PREFIX, i + 1), ConfigCodec.ruleText(after.rules.get(i)));
            }
            cm.getConfiguration(ConfigCodec.RULES_PID, "?").update(d);
        }
        if (!before.portSpace.equals(after.portSpace)) {
            cm.getConfiguration(ConfigCodec.PORTSPACE_PID, "?").update(ConfigCodec.portSpace(after.portSpace));
        }
    }

    private <T> void sync(String factoryPid, Map<String, T> before, Map<String, T> after, Function<T, String> filter,
                          Function<T, Dictionary<String, Object>> encode, Function<T, String> configName) throws IOException {
        for (Map.Entry<String, T> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                for (Configuration c : find(factoryPid, filter.apply(e.getValue()))) {
                    c.delete();
                }
            }
        }
        for (Map.Entry<String, T> e : after.entrySet()) {
            T item = e.getValue();
            if (Objects.equals(before.get(e.getKey()), item)) {
                continue;
            }
            Configuration[] existing = find(factoryPid, filter.apply(item));
            Configuration c = existing.length > 0 ? existing[0]
                    : cm.getFactoryConfiguration(factoryPid, configName.apply(item), "?");
            Dictionary<String, Object> d = encode.apply(item);
            Dictionary<String, Object> old = c.getProperties();
            if (old != null && old.get("felix.fileinstall.filename") != null) {
                // keep the link to the .cfg file, so fileinstall writes the change back to it
                d.put("felix.fileinstall.filename", old.get("felix.fileinstall.filename"));
            }
            c.update(d);
        }
    }

    private Configuration[] find(String factoryPid, String itemFilter) throws IOException {
        return list("(&(service.factoryPid=" + factoryPid + ")" + itemFilter + ")");
    }
}
