package org.rookery.api.policy;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A distribution policy: an OSGi service registered with the property {@value #NAME_PROPERTY}, found by
 * that name by the dispatcher, like an IPVS scheduler. It builds per-pool selector state whenever a
 * pool's members change; the selector's {@link PoolSelector#select} is the hot path.
 */
@ConsumerType
public interface DistributionPolicy {

    /** Service property carrying the policy's name, e.g. {@code maglev}. */
    String NAME_PROPERTY = "policy.name";

    /** The policy's name, equal to its {@value #NAME_PROPERTY} service property. */
    String name();

    /**
     * Builds the selector state for one pool's current members. Called when a pool starts using the
     * policy and again whenever its members, weights or states change; never on the hot path.
     *
     * @param members the pool's members, fixed for the life of the selector except for live counters
     * @param options the pool's policy options (e.g. {@code maglev.table}); never null
     * @throws IllegalArgumentException when an option is invalid
     */
    PoolSelector newSelector(PoolMembers members, Map<String, String> options);
}
