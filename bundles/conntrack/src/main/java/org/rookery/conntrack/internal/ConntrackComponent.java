package org.rookery.conntrack.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.rookery.api.conntrack.Connection;
import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.model.FlowKey;

/**
 * The connection table service: a {@link ShardedConnectionTable} built from the configuration, plus a
 * daemon thread that sweeps expired flows so per-node counts stay right for idle flows.
 *
 * <p>On a configuration change no flow is lost: timeouts, max.nodes and the eviction rule apply in
 * place (timeouts from each flow's next refresh on, so a flow keeps the expiry it was given); a new
 * capacity or shard count builds a new table and copies the live flows into it, established ones
 * first, with the old table's locks held (some 300 ms for a million flows); calls that still reach the
 * old table are passed on to the new one.
 */
@Component(service = ConnectionTable.class, configurationPid = ConntrackComponent.PID)
@Designate(ocd = ConntrackConfig.class)
public final class ConntrackComponent implements ConnectionTable {

    /** The configuration PID. */
    public static final String PID = "org.rookery.conntrack";

    private volatile ShardedConnectionTable table;
    private TableSettings settings;
    private ScheduledExecutorService sweeper;
    private ScheduledFuture<?> sweep;
    private long sweepMillis = -1;

    /** Builds the table and starts the sweeper. */
    @Activate
    public void activate(ConntrackConfig config) {
        settings = TableSettings.from(config);
        table = new ShardedConnectionTable(settings, System.nanoTime());
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rookery-conntrack-expiry");
            t.setDaemon(true);
            return t;
        });
        schedule(config.expire_interval_ms());
    }

    /** Applies a new configuration, keeping every live flow. */
    @Modified
    public synchronized void modified(ConntrackConfig config) {
        TableSettings next = TableSettings.from(config);
        if (settings.needsRebuild(next)) {
            table = table.rebuild(next, System.nanoTime());
        } else {
            table.reconfigure(next);
        }
        settings = next;
        schedule(config.expire_interval_ms());
    }

    /** Stops the sweeper; the table goes with the component. */
    @Deactivate
    public void deactivate() {
        sweeper.shutdownNow();
    }

    private synchronized void schedule(long intervalMillis) {
        if (intervalMillis == sweepMillis) {
            return;
        }
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
        sweepMillis = intervalMillis;
        if (intervalMillis > 0) {
            sweep = sweeper.scheduleWithFixedDelay(() -> table.expire(System.nanoTime()), intervalMillis,
                    intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** The table in use now (replaced when capacity or shards change). */
    public ShardedConnectionTable table() {
        return table;
    }

    /** Delegates to the current table. */
    @Override
    public int lookup(FlowKey key, long nowNanos) {
        return table.lookup(key, nowNanos);
    }

    /** Delegates to the current table. */
    @Override
    public int insert(FlowKey key, int nodeId, long nowNanos) {
        return table.insert(key, nodeId, nowNanos);
    }

    /** Delegates to the current table. */
    @Override
    public boolean remove(FlowKey key) {
        return table.remove(key);
    }

    /** Delegates to the current table. */
    @Override
    public int removeNode(int nodeId) {
        return table.removeNode(nodeId);
    }

    /** Delegates to the current table. */
    @Override
    public int expire(long nowNanos) {
        return table.expire(nowNanos);
    }

    /** Delegates to the current table. */
    @Override
    public int size() {
        return table.size();
    }

    /** Delegates to the current table. */
    @Override
    public int capacity() {
        return table.capacity();
    }

    /** Delegates to the current table. */
    @Override
    public int activeConnections(int nodeId) {
        return table.activeConnections(nodeId);
    }

    /** Delegates to the current table. */
    @Override
    public int inactiveConnections(int nodeId) {
        return table.inactiveConnections(nodeId);
    }

    /** Delegates to the current table. */
    @Override
    public List<Connection> dump(Predicate<Connection> filter, int limit, long nowNanos) {
        return table.dump(filter, limit, nowNanos);
    }

    /** Delegates to the current table. */
    @Override
    public Map<String, Long> counters() {
        return table.counters();
    }
}
