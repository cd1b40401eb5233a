package org.rookery.commands.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.rookery.api.model.Node;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/** The fields of each kind of item as {@link ConfigDiff} shows them, name to text; null for a field not set. */
final class ItemFields {

    private ItemFields() {
    }

    /** {@code base}, {@code slice} ({@code off} when the port space is). */
    static Map<String, String> of(PortSpace ps) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("base", ps.disabled() ? "off" : Integer.toString(ps.base()));
        m.put("slice", ps.disabled() ? "off" : Integer.toString(ps.slice()));
        return m;
    }

    /** {@code policy}, {@code options} as {@code k=v,k=v}. */
    static Map<String, String> of(Pool p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("policy", p.policy());
        m.put("options", p.options().isEmpty() ? null : new TreeMap<>(p.options()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        return m;
    }

    /** {@code address} (with port), {@code mac}, {@code weight}, {@code state}, {@code index}. */
    static Map<String, String> of(Node n) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("address", Endpoint.format(n.address(), n.port()));
        m.put("mac", n.mac());
        m.put("weight", Integer.toString(n.weight()));
        m.put("state", n.state().toString());
        m.put("index", n.index() < 0 ? null : Integer.toString(n.index()));
        return m;
    }

    /** {@code vip}, {@code proto}, {@code port}, {@code pool}, {@code mode}, {@code iface}. */
    static Map<String, String> of(VirtualService s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("vip", s.vip().toString());
        m.put("proto", s.protocol().toString());
        m.put("port", s.ports().toString());
        m.put("pool", s.pool());
        m.put("mode", s.method().toString());
        m.put("iface", s.iface());
        return m;
    }

    /** {@code proto}, {@code src}, {@code dst}, {@code dport}, {@code iface}, {@code to}. */
    static Map<String, String> of(Rule r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("proto", r.protocol() == 0 ? null : Protocol.nameOf(r.protocol()));
        m.put("src", r.source() == null ? null : r.source().toString());
        m.put("dst", r.destination() == null ? null : r.destination().toString());
        m.put("dport", r.destinationPorts() == null ? null : r.destinationPorts().toString());
        m.put("iface", r.iface());
        m.put("to", r.verdict().toString());
        return m;
    }
}
