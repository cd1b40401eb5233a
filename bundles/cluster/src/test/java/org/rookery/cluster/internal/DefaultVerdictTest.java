package org.rookery.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.Verdict;
import org.rookery.classifier.internal.ChainManager;

/** The cluster service tells the chain's default verdict, as configured, and nothing while no chain runs. */
class DefaultVerdictTest {

    @Test
    void theChainsDefaultVerdictIsReadThroughTheClusterService() {
        TestCluster t = new TestCluster();
        assertEquals(Optional.of(Verdict.LOCAL), t.cluster.defaultVerdict());
        t.cluster.chain(new ChainManager(t.cluster, TestCluster.chainConfig("pool:web")));
        assertEquals(Optional.of(Verdict.pool("web")), t.cluster.defaultVerdict());
        t.cluster.chain(null);
        assertEquals(Optional.empty(), t.cluster.defaultVerdict());
    }
}
