package org.rookery.health.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterListener;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.health.HealthService;
import org.rookery.api.health.NodeHealth;
import org.rookery.api.load.LoadReceiver;
import org.rookery.api.model.Node;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/**
 * Checks the nodes of every pool that has a check, each at its interval: a TCP connect, an HTTP GET or the
 * age of the node's last load report. Results go through {@link NodeCheckState}'s rise/fall counting, and a
 * change is handed to the cluster, which keeps operator states as they are and logs {@code event=node-health}.
 * One scheduling thread and one probing thread serve all pools. A pool's check goes with the pool: when a
 * pool this manager has seen disappears (pool del, config import, a removed file), its check is removed.
 */
@Component(service = {HealthService.class, ConfigurationListener.class, ClusterListener.class}, immediate = true)
public class HealthManager implements HealthService, ConfigurationListener, ClusterListener {

    private static final Logger LOG = Logger.getLogger(HealthManager.class.getName());
    private static final long TICK_MILLIS = 100;

    private final ClusterService cluster;
    private final ClusterAdminService admin;
    private final LoadReceiver receiver;
    private final ConfigurationAdmin cm;
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    /** By {@code pool/node}. */
    private final Map<String, NodeCheckState> states = new ConcurrentHashMap<>();
    private final Prober prober;
    private final ScheduledExecutorService ticker;
    /** The pools at the last cluster change: a check is removed only with a pool seen to go, never at start-up. */
    private volatile Set<String> knownPools;

    /** Built by DS. */
    @Activate
    public HealthManager(@Reference ClusterService cluster, @Reference ClusterAdminService admin,
                         @Reference LoadReceiver receiver, @Reference ConfigurationAdmin cm) throws IOException {
        this.cluster = cluster;
        this.admin = admin;
        this.receiver = receiver;
        this.cm = cm;
        this.prober = new Prober(4096);
        this.knownPools = poolNames();
        reload();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rookery-health");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tickSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops checking; nodes failed by checks come back, since no check vouches for their failure any more. */
    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        prober.close();
        states.forEach((key, st) -> {
            if (!st.healthy()) {
                int slash = key.indexOf('/');
                admin.setNodeHealth(key.substring(0, slash), key.substring(slash + 1), true, "health checks stopped");
            }
        });
    }

    // ---- configuration ----

    private Set<String> poolNames() {
        Set<String> out = new HashSet<>();
        cluster.pools().forEach(p -> out.add(p.pool().name()));
        return out;
    }

    /** Removes the check of every pool that existed at the last change and is gone now. */
    @Override
    public synchronized void clusterChanged(String what) {
        Set<String> now = poolNames();
        Set<String> before = knownPools;
        knownPools = now;
        for (String pool : new ArrayList<>(checks.keySet())) {
            if (before.contains(pool) && !now.contains(pool)) {
                try {
                    delete(pool, "pool deleted");
                } catch (RuntimeException e) {
                    LOG.severe("event=config-problem problem=\"health check of deleted pool " + pool + " not removed: " + e.getMessage()
                            + "\"");
                }
            }
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (HealthConfigs.FACTORY_PID.equals(event.getFactoryPid())) {
            reload();
        }
    }

    private void reload() {
        Map<String, HealthCheck> read = new ConcurrentHashMap<>();
        try {
            Configuration[] cs = cm.listConfigurations("(service.factoryPid=" + HealthConfigs.FACTORY_PID + ")");
            for (Configuration c : cs == null ? new Configuration[0] : cs) {
                try {
                    HealthCheck hc = HealthConfigs.fromProperties(c.getProperties());
                    read.put(hc.pool(), hc);
                } catch (IllegalArgumentException e) {
                    LOG.severe("event=config-problem problem=\"health check " + c.getPid() + ": " + e.getMessage() + "\"");
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.severe("cannot read the health checks: " + e.getMessage());
            return;
        }
        checks.keySet().retainAll(read.keySet());
        checks.putAll(read);
    }

    @Override
    public List<HealthCheck> checks() {
        List<HealthCheck> out = new ArrayList<>(checks.values());
        out.sort(Comparator.comparing(HealthCheck::pool));
        return out;
    }

    @Override
    public NodeHealth health(String pool, String node) {
        if (!checks.containsKey(pool)) {
            return null;
        }
        NodeCheckState st = states.get(pool + "/" + node);
        return st == null ? new NodeHealth(pool, node, true, 0, 0, 0, 0, 0, "not checked yet", 0) : st.snapshot(pool, node);
    }

    @Override
    public void set(HealthCheck check) {
        if (cluster.pools().stream().noneMatch(p -> p.pool().name().equals(check.pool()))) {
            throw new IllegalArgumentException("no pool named " + check.pool() + "; see 'pool list'");
        }
        try {
            cm.getFactoryConfiguration(HealthConfigs.FACTORY_PID, check.pool(), "?").updateIfDifferent(HealthConfigs.toProperties(check));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the health check: " + e.getMessage(), e);
        }
        checks.put(check.pool(), check);
        LOG.info("event=config-change what=\"health check of pool " + check.pool() + " set: " + check.type() + "\"");
    }

    @Override
    public void remove(String pool) {
        if (!checks.containsKey(pool)) {
            throw new IllegalArgumentException("pool " + pool + " has no health check; see 'health show'");
        }
        delete(pool, "health check removed");
    }

    private void delete(String pool, String why) {
        try {
            cm.getFactoryConfiguration(HealthConfigs.FACTORY_PID, pool, "?").delete();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the health check: " + e.getMessage(), e);
        }
        checks.remove(pool);
        LOG.info("event=config-change what=\"health check of pool " + pool + " removed (" + why + ")\"");
        forget(k -> k.startsWith(pool + "/"), why);
    }

    // ---- checking ----

    private void tickSafely() {
        try {
            tick(System.nanoTime());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health tick failed", e);
        }
    }

    /** Starts the probes that are due, and forgets nodes and pools that are gone. */
    void tick(long nowNanos) {
        Set<String> seen = new HashSet<>();
        for (HealthCheck c : checks.values()) {
            List<NodeStatus> nodes = cluster.nodes(c.pool());
            for (NodeStatus n : nodes) {
                String key = n.node().key();
                seen.add(key);
                NodeCheckState st = states.computeIfAbsent(key, k -> {
                    NodeCheckState s = new NodeCheckState();
                    // spread the first checks over one interval so that pools do not probe in bursts
                    s.nextDueNanos = nowNanos + ThreadLocalRandom.current().nextLong(c.intervalMillis()) * 1_000_000;
                    return s;
                });
                synchronized (st) {
                    if (st.inFlight || nowNanos - st.nextDueNanos < 0) {
                        continue;
                    }
                    st.inFlight = true;
                    st.nextDueNanos = nowNanos + c.intervalMillis() * 1_000_000L;
                }
                probe(c, n.node(), st);
            }
        }
        forget(k -> !seen.contains(k), "node no longer checked");
    }

    private void forget(java.util.function.Predicate<String> which, String reason) {
        for (String key : new ArrayList<>(states.keySet())) {
            if (which.test(key)) {
                NodeCheckState st = states.remove(key);
                if (st != null && !st.healthy()) {
                    int slash = key.indexOf('/');
                    admin.setNodeHealth(key.substring(0, slash), key.substring(slash + 1), true, reason);
                }
            }
        }
    }

    private void probe(HealthCheck c, Node node, NodeCheckState st) {
        Prober.Callback done = (ok, detail) -> result(c, node, st, ok, detail);
        if (c.type().equals("agent")) {
            long last = receiver.lastReportMillis(node.pool(), node.name());
            long age = System.currentTimeMillis() - last;
            done.done(last >= 0 && age <= c.timeoutMillis(), last < 0 ? "no report received"
                    : age <= c.timeoutMillis() ? "ok" : "last report " + age / 1000.0 + " s ago");
            return;
        }
        int port = portOf(c, node);
        if (port <= 0) {
            done.done(false, "no port to check: give the node a port, its pool a TCP service or the check --port");
            return;
        }
        InetSocketAddress target = new InetSocketAddress(node.address().toInetAddress(), port);
        if (c.type().equals("http")) {
            prober.http(target, node.address().toString(), c.path(), c.expect(), c.timeoutMillis(), done);
        } else {
            prober.tcp(target, c.timeoutMillis(), done);
        }
    }

    /**
     * The port a tcp or http check connects to: the check's, else the node's, else the first port of a TCP service of
     * the node's pool (a UDP service's port would only ever refuse a TCP connect), else 0.
     */
    int portOf(HealthCheck c, Node node) {
        if (c.port() > 0) {
            return c.port();
        }
        if (node.port() > 0) {
            return node.port();
        }
        return cluster.services().stream().filter(s -> s.pool().equals(node.pool()) && s.protocol() == Protocol.TCP)
                .map(VirtualService::ports).mapToInt(r -> r.first()).findFirst().orElse(0);
    }

    private void result(HealthCheck c, Node node, NodeCheckState st, boolean ok, String detail) {
        if (states.get(node.key()) != st) {
            return; // forgotten meanwhile (node deleted, check removed)
        }
        if (st.record(ok, detail, c.rise(), c.fall(), System.currentTimeMillis())) {
            admin.setNodeHealth(node.pool(), node.name(), st.healthy(), st.healthy() ? c.type() + " check ok " + c.rise() + " times"
                    : c.type() + " check failed " + c.fall() + " times: " + detail);
        }
    }
}
