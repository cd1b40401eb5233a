package org.rookery.cluster.internal;

import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.load.NodeLoad;
import org.rookery.api.policy.PoolMembers;

/** The members of one pool for its policy: fixed arrays plus live counts from the connection table. */
final class PoolMembersView implements PoolMembers {

    private final String pool;
    private final NodeRuntime[] members;
    private final ConnectionTable conntrack;

    PoolMembersView(String pool, NodeRuntime[] members, ConnectionTable conntrack) {
        this.pool = pool;
        this.members = members;
        this.conntrack = conntrack;
    }

    @Override
    public String pool() {
        return pool;
    }

    @Override
    public int size() {
        return members.length;
    }

    @Override
    public String name(int i) {
        return members[i].node.name();
    }

    @Override
    public int weight(int i) {
        return members[i].node.weight();
    }

    @Override
    public boolean usable(int i) {
        return members[i].usable();
    }

    @Override
    public long addressHash(int i) {
        var a = members[i].node.address();
        return org.rookery.api.model.FlowKey.mix(a.hi() * 31 + a.lo() + members[i].node.port());
    }

    @Override
    public int activeConnections(int i) {
        return conntrack.activeConnections(members[i].id);
    }

    @Override
    public int inactiveConnections(int i) {
        return conntrack.inactiveConnections(members[i].id);
    }

    @Override
    public double load(int i) {
        // a report counts until the receiver's deadline (missed reports make it stale), a hand-set load forever
        NodeLoad l = members[i].counters.loadAt(System.currentTimeMillis());
        return l == null ? Double.NaN : l.normalised();
    }
}
