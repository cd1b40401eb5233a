package org.rookery.cluster.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/**
 * The policy a pool uses while its named policy is not installed: plain round robin over usable
 * members, so that a pool never stops taking connections because a policy bundle went away.
 */
final class RoundRobinFallback implements DistributionPolicy {

    static final RoundRobinFallback INSTANCE = new RoundRobinFallback();
    static final String NAME = "rr";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PoolSelector newSelector(PoolMembers members, Map<String, String> options) {
        AtomicInteger next = new AtomicInteger();
        int n = members.size();
        return (FlowKey key) -> {
            int start = Math.floorMod(next.getAndIncrement(), Math.max(n, 1));
            for (int k = 0; k < n; k++) {
                int i = start + k < n ? start + k : start + k - n;
                if (members.usable(i)) {
                    return i;
                }
            }
            return PoolSelector.NO_NODE;
        };
    }
}
