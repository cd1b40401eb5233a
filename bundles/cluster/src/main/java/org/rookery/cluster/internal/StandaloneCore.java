package org.rookery.cluster.internal;

import java.lang.annotation.Annotation;

import org.rookery.api.classify.ClassificationChain;
import org.rookery.api.cluster.ClusterListener;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.conntrack.ConnectionTable;

/**
 * The decision core without OSGi and without persistence: a cluster manager over a given connection
 * table, and a dispatcher over a given chain. For benchmarks, fuzzing and offline replay, which need
 * the very same code the datapaths run, wired by hand.
 */
public final class StandaloneCore {

    private final ConnectionTable conntrack;
    private final ClusterManager cluster;

    /** A core with an empty, unpersisted configuration over the given table. */
    public StandaloneCore(ConnectionTable conntrack) {
        this.conntrack = conntrack;
        this.cluster = new ClusterManager(ConfigStore.NONE, conntrack);
    }

    /** The cluster manager: read and change the configuration, register policies. */
    public ClusterManager cluster() {
        return cluster;
    }

    /**
     * A dispatcher over a chain; a chain that is also a {@link ClusterListener} is told of changes.
     *
     * @param downFlows {@code drop} or {@code reschedule}, as in {@link DispatcherConfig#down_flows()}
     */
    public Dispatcher dispatcher(ClassificationChain chain, String downFlows) {
        if (chain instanceof ClusterListener l) {
            cluster.addListener(l);
        }
        return new DispatcherImpl(cluster, chain, conntrack, new DispatcherConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DispatcherConfig.class;
            }

            @Override
            public String down_flows() {
                return downFlows;
            }
        });
    }
}
