package org.rookery.capture.internal;

import java.lang.annotation.Annotation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.load.NodeLoad;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.classifier.internal.ChainConfig;
import org.rookery.classifier.internal.ChainManager;
import org.rookery.cluster.internal.ClusterManager;
import org.rookery.cluster.internal.StandaloneCore;
import org.rookery.conntrack.internal.ShardedConnectionTable;
import org.rookery.conntrack.internal.TableSettings;

/**
 * A copy of the running front-end's decision: the same code (StandaloneCore, ChainManager, the
 * connection table) configured like the live cluster, with the same policy services, but on a
 * connection table of its own, so a replay never touches a live flow or counter.
 */
final class DecisionCopy {

    /** Loads older than this are stale for the live policies too (PoolMembersView). */
    private static final long LOAD_STALE_MILLIS = 10_000;

    private final ClusterManager cluster;
    private final Dispatcher dispatcher;

    private DecisionCopy(ClusterManager cluster, Dispatcher dispatcher) {
        this.cluster = cluster;
        this.dispatcher = dispatcher;
    }

    /**
     * Copies the live configuration: port space, pools (every one on {@code policyOverride} when it is
     * given), nodes in their effective state with fresh loads, services and rules in chain order.
     *
     * @param capacity flows the copy's table holds
     * @param originNanos the clock origin of the copy's table (the first frame's time)
     */
    static DecisionCopy of(ClusterService live, PolicySource policies, String policyOverride, LiveSettings settings,
                           int capacity, long originNanos) {
        StandaloneCore core = new StandaloneCore(new ShardedConnectionTable(TableSettings.of(capacity), originNanos));
        ClusterManager c = core.cluster();
        List<PoolStatus> pools = live.pools();
        Set<String> wanted = new LinkedHashSet<>();
        pools.forEach(p -> wanted.add(policyOverride != null ? policyOverride : p.pool().policy()));
        long serviceId = 1;
        for (String name : wanted) {
            DistributionPolicy p = policies.find(name);
            if (p != null) {
                c.addPolicy(p, serviceId++); // an absent one leaves its pools on the round-robin fallback, as live
            }
        }
        c.setPortSpace(live.portSpace());
        for (PoolStatus p : pools) {
            boolean other = policyOverride != null && !policyOverride.equals(p.pool().policy());
            // options belong to the pool's own policy; another policy might refuse them
            c.addPool(p.pool().name(), other ? policyOverride : p.pool().policy(), other ? Map.of() : p.pool().options());
        }
        long now = System.currentTimeMillis();
        for (NodeStatus n : live.nodes(null)) {
            c.addNode(n.node().withState(n.state()));
            NodeLoad load = n.load();
            if (load != null && now - load.receivedAtMillis() < LOAD_STALE_MILLIS) {
                c.setNodeLoad(n.node().pool(), n.node().name(), load.normalised());
            }
        }
        for (VirtualService s : live.services()) {
            c.addService(s);
        }
        for (Rule r : live.rules()) {
            c.addRule(0, r);
        }
        ChainManager chain = new ChainManager(c, chainConfig(settings.defaultVerdict()));
        return new DecisionCopy(c, core.dispatcher(chain, settings.downFlows()));
    }

    private static ChainConfig chainConfig(String defaultVerdict) {
        return new ChainConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ChainConfig.class;
            }

            @Override
            public String default_verdict() {
                return defaultVerdict;
            }
        };
    }

    /** The copy's cluster: its nodes (with the copy's ids), pools and counters. */
    ClusterService cluster() {
        return cluster;
    }

    /** The copy's dispatcher. */
    Dispatcher dispatcher() {
        return dispatcher;
    }
}
