package org.rookery.cluster.internal;

import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

import org.rookery.api.model.Cidr;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/**
 * Turns model objects into Config Admin properties and back. The property names are the format of
 * {@code conf/*.cfg} files, so they are kept short and readable: see the README for examples.
 */
final class ConfigCodec {

    static final String SERVICE_PID = "org.rookery.service";
    static final String POOL_PID = "org.rookery.pool";
    static final String NODE_PID = "org.rookery.node";
    static final String RULES_PID = "org.rookery.rules";
    static final String PORTSPACE_PID = "org.rookery.portspace";
    static final String OPTION_PREFIX = "option.";
    static final String RULE_PREFIX = "rule.";

    private ConfigCodec() {
    }

    static Dictionary<String, Object> service(VirtualService s) {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("name", s.name());
        d.put("vip", s.vip().toString());
        d.put("proto", s.protocol().toString());
        d.put("port", s.ports().toString());
        d.put("pool", s.pool());
        d.put("mode", s.method().toString());
        if (s.iface() != null) {
            d.put("iface", s.iface());
        }
        return d;
    }

    static VirtualService service(Map<String, String> p) {
        return new VirtualService(req(p, "name"), IpAddress.parse(req(p, "vip")),
                Protocol.parse(p.getOrDefault("proto", "tcp")), PortRange.parse(req(p, "port")), req(p, "pool"),
                ForwardingMethod.parse(p.getOrDefault("mode", "proxy")), p.get("iface"));
    }

    static Dictionary<String, Object> pool(Pool pool) {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("name", pool.name());
        d.put("policy", pool.policy());
        pool.options().forEach((k, v) -> d.put(OPTION_PREFIX + k, v));
        return d;
    }

    static Pool pool(Map<String, String> p) {
        Map<String, String> options = new TreeMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(OPTION_PREFIX)) {
                options.put(k.substring(OPTION_PREFIX.length()), v);
            }
        });
        return new Pool(req(p, "name"), p.get("policy"), options);
    }

    static Dictionary<String, Object> node(Node n) {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("pool", n.pool());
        d.put("name", n.name());
        d.put("address", n.address().toString());
        d.put("port", Integer.toString(n.port()));
        if (n.mac() != null) {
            d.put("mac", n.mac());
        }
        d.put("weight", Integer.toString(n.weight()));
        d.put("state", n.state().toString());
        d.put("index", Integer.toString(n.index()));
        return d;
    }

    static Node node(Map<String, String> p) {
        return new Node(req(p, "pool"), req(p, "name"), IpAddress.parse(req(p, "address")),
                integer(p, "port", 0), p.get("mac"), integer(p, "weight", 1),
                NodeState.parse(p.getOrDefault("state", "up")), integer(p, "index", -1));
    }

    static Dictionary<String, Object> portSpace(PortSpace ps) {
        Hashtable<String, Object> d = new Hashtable<>();
        d.put("base", Integer.toString(ps.base()));
        d.put("slice", Integer.toString(ps.slice()));
        return d;
    }

    static PortSpace portSpace(Map<String, String> p) {
        return new PortSpace(integer(p, "base", 0), integer(p, "slice", 0));
    }

    /** A rule as one line: {@code id=3 proto=tcp src=10.0.0.0/8 dst=192.0.2.1 dport=80 iface=eth0 to=pool:web}. */
    static String ruleText(Rule r) {
        StringBuilder sb = new StringBuilder("id=").append(r.id());
        if (r.protocol() != 0) {
            sb.append(" proto=").append(Protocol.nameOf(r.protocol()));
        }
        if (r.source() != null) {
            sb.append(" src=").append(r.source());
        }
        if (r.destination() != null) {
            sb.append(" dst=").append(r.destination());
        }
        if (r.destinationPorts() != null) {
            sb.append(" dport=").append(r.destinationPorts());
        }
        if (r.iface() != null) {
            sb.append(" iface=").append(r.iface());
        }
        return sb.append(" to=").append(r.verdict()).toString();
    }

    /** Parses the one-line form written by {@link #ruleText}. */
    static Rule rule(String text) {
        Map<String, String> f = new HashMap<>();
        for (String part : text.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("rule '" + text + "': '" + part + "' is not KEY=VALUE");
            }
            String k = part.substring(0, eq);
            if (!k.matches("id|proto|src|dst|dport|iface|to")) {
                throw new IllegalArgumentException("rule '" + text + "': unknown field " + k
                        + "; expected id, proto, src, dst, dport, iface, to");
            }
            f.put(k, part.substring(eq + 1));
        }
        return new Rule(Integer.parseInt(f.getOrDefault("id", "0")),
                f.containsKey("proto") ? Protocol.numberOf(f.get("proto")) : 0,
                f.containsKey("src") ? Cidr.parse(f.get("src")) : null,
                f.containsKey("dst") ? Cidr.parse(f.get("dst")) : null,
                f.containsKey("dport") ? PortRange.parse(f.get("dport")) : null,
                f.get("iface"), Verdict.parse(f.get("to")));
    }

    /** Config Admin properties as strings (values of any type print as text). */
    static Map<String, String> strings(Dictionary<String, ?> d) {
        Map<String, String> m = new HashMap<>();
        if (d == null) {
            return m;
        }
        for (Enumeration<String> e = d.keys(); e.hasMoreElements(); ) {
            String k = e.nextElement();
            Object v = d.get(k);
            m.put(k, v == null ? null : String.valueOf(v).trim());
        }
        return m;
    }

    private static String req(Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("property '" + key + "' is missing");
        }
        return v;
    }

    private static int integer(Map<String, String> p, String key, int dflt) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property '" + key + "' is '" + v + "', not a whole number");
        }
    }
}
