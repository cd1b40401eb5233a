/*
 * Least load: the member with the lowest reported load per unit of weight, falling back to weighted
 * least connections (ip_vs_wlc.c) while a load is unknown.
 *
 * Each node's agent reports its load, normalised by the node to 0..1 of its capacity; the pool sees
 * it as members.load(i), or NaN when no report has arrived or the last one is stale. The weight is
 * the operator's preference on top: a member of weight 2 is given the flow over one of weight 1
 * until its load is twice as high. So the pick is the member with the smallest load / weight,
 * compared cross-multiplied (load_a * weight_b < load_b * weight_a): no division per member.
 *
 * Unknown loads: a member whose load is NaN cannot be ranked against the others, and skipping it
 * would starve a new or silent node, while treating it as 0 would flood it. So the rule is
 * all-or-nothing: if every usable member has a known load, pick by load; if any usable member's load
 * is NaN, the whole pick is weighted least connections over all usable members (overhead = active *
 * 256 + inactive, least overhead / weight, as ip_vs_wlc.c), a signal that is always present.
 * Unusable members' loads do not matter. The check costs nothing extra: the load scan stops at the
 * first NaN and the connection scan runs instead.
 *
 * Loads are reported every few seconds, so between reports every new flow of a busy pool would go
 * to the one least loaded member; pools with many new flows per report interval are better served by
 * p2c or wlc. Ties (equal load / weight, or equal connections / weight) are broken by starting the
 * scan at a position taken from the flow's hash, so equal members share new flows without a shared
 * counter. Members usable at build time are scanned; one that turns unusable before the rebuild is
 * skipped. Takes no options.
 */
package org.rookery.policy.leastload;

import java.util.Arrays;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Lowest load per weight, else weighted least connections; registered as {@code leastload}. */
@Component(service = DistributionPolicy.class, property = DistributionPolicy.NAME_PROPERTY + "=" + LeastLoadPolicy.NAME)
public class LeastLoadPolicy implements DistributionPolicy {

    /** The registered name. */
    public static final String NAME = "leastload";

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Collects the usable members and their weights; options are ignored. */
    @Override
    public PoolSelector newSelector(PoolMembers members, Map<String, String> options) {
        int n = members.size();
        int k = 0;
        int[] usable = new int[n];
        int[] weight = new int[n];
        for (int i = 0; i < n; i++) {
            int w = members.weight(i);
            if (members.usable(i) && w > 0) {
                usable[k] = i;
                weight[k++] = w;
            }
        }
        return new LeastLoadSelector(members, Arrays.copyOf(usable, k), Arrays.copyOf(weight, k));
    }
}
