package org.rookery.cluster.internal;

import java.lang.annotation.Annotation;

import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;
import org.rookery.classifier.internal.ChainConfig;
import org.rookery.classifier.internal.ChainManager;
import org.rookery.conntrack.internal.ShardedConnectionTable;

/** The real cluster manager, chain, connection table and dispatcher wired by hand, as DS wires them. */
final class TestCluster {

    final ShardedConnectionTable conntrack;
    final ClusterManager cluster;
    final ChainManager chain;
    final DispatcherImpl dispatcher;

    TestCluster(int capacity, String downFlows) {
        conntrack = new ShardedConnectionTable(capacity, System.nanoTime());
        cluster = new ClusterManager(ConfigStore.NONE, conntrack);
        chain = new ChainManager(cluster, chainConfig("local"));
        cluster.addListener(chain);
        cluster.chain(chain);
        dispatcher = new DispatcherImpl(cluster, chain, conntrack, dispatcherConfig(downFlows));
    }

    TestCluster() {
        this(1 << 16, "drop");
    }

    static FlowKey tcp(String src, int sport, String dst, int dport) {
        return new FlowKey().set(6, IpAddress.parse(src), sport, IpAddress.parse(dst), dport).tcpFlags(FlowKey.SYN);
    }

    static ChainConfig chainConfig(String dflt) {
        return new ChainConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ChainConfig.class;
            }

            @Override
            public String default_verdict() {
                return dflt;
            }
        };
    }

    static DispatcherConfig dispatcherConfig(String downFlows) {
        return new DispatcherConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DispatcherConfig.class;
            }

            @Override
            public String down_flows() {
                return downFlows;
            }
        };
    }
}
