package org.rookery.api.cluster;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard listener told after every configuration change of the cluster (services, pools, nodes,
 * rules, port space, node health), so that derived state such as classifiers can be rebuilt.
 */
@ConsumerType
public interface ClusterListener {

    /** Called after a change has been applied; {@code what} names it, e.g. {@code node}, {@code rule}. */
    void clusterChanged(String what);
}
