package org.rookery.api.policy;

import org.osgi.annotation.versioning.ConsumerType;
import org.rookery.api.model.FlowKey;

/**
 * Per-pool selector state of a distribution policy: picks the member for a new flow.
 * {@link #select} may be called from several datapath threads at once and must not allocate.
 */
@ConsumerType
public interface PoolSelector {

    /** Returned by {@link #select} when no member can take the flow. */
    int NO_NODE = -1;

    /**
     * Picks the member for a new flow.
     *
     * @param key the flow's key (read only; valid during the call)
     * @return a member index {@code 0 <= i < members.size()} of a usable member, or {@link #NO_NODE}
     */
    int select(FlowKey key);
}
