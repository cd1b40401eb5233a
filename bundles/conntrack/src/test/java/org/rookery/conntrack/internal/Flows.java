package org.rookery.conntrack.internal;

import org.rookery.api.conntrack.ConnState;
import org.rookery.api.conntrack.Connection;
import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.model.FlowKey;

/** Test helpers: distinct flows by number, times in milliseconds, small tables. */
final class Flows {

    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ACK = FlowKey.ACK;
    static final int SYN = FlowKey.SYN;
    static final int FIN = FlowKey.FIN;
    static final int RST = FlowKey.RST;
    static final int PSH = FlowKey.PSH;

    private Flows() {
    }

    /** TCP flow number i from 10.x.x.x to 192.168.0.1:80, IPv4. */
    static FlowKey v4(int i) {
        return new FlowKey().setV4(TCP, 0x0A000000 + i, 0xC0A80001, 1024 + (i & 0x7FFF), 80);
    }

    /** TCP flow number i from 2001:db8::i to 2001:db8:1::1:443, IPv6. */
    static FlowKey v6(int i) {
        return new FlowKey().setV6(TCP, 0x20010DB8_00000000L, i, 0x20010DB8_00010000L, 1, 40000 + (i & 0x3FFF), 443);
    }

    /** Flow number i, IPv4 when even and IPv6 when odd. */
    static FlowKey mixed(int i) {
        return (i & 1) == 0 ? v4(i >>> 1) : v6(i >>> 1);
    }

    static long ms(long millis) {
        return millis * 1_000_000L;
    }

    static long sec(long seconds) {
        return seconds * 1_000_000_000L;
    }

    /** A single-shard table of this capacity with default timeouts, time origin 0 and a fixed seed. */
    static ShardedConnectionTable table(int capacity) {
        return new ShardedConnectionTable(TableSettings.of(capacity).withShards(1), 0, 42);
    }

    /** The state of a flow as a dump shows it, or null when not tracked. */
    static Connection find(ConnectionTable t, FlowKey key, long now) {
        var l = t.dump(c -> c.key().sameFlow(key), 1, now);
        return l.isEmpty() ? null : l.get(0);
    }

    static ConnState state(ConnectionTable t, FlowKey key, long now) {
        Connection c = find(t, key, now);
        return c == null ? null : c.state();
    }
}
