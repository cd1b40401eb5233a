package org.rookery.cluster.internal;

/** What the dispatcher needs from the cluster manager: the published runtime state and the counters. */
interface ClusterRuntime {

    /** The current state; read once per decision. */
    RuntimeState state();

    /** The cluster's counters. */
    Counters counters();
}
