package org.rookery.api.policy;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The members of one pool as a policy sees them: a fixed list (names, weights, usability) plus live
 * counters (connections, load) read at selection time. Indexed access keeps selection allocation-free.
 */
@ProviderType
public interface PoolMembers {

    /** The pool's name. */
    String pool();

    /** Number of members, usable or not. */
    int size();

    /** Name of member {@code i}. */
    String name(int i);

    /** Weight of member {@code i} (0-65535); a usable member has a weight above 0. */
    int weight(int i);

    /** True when member {@code i} may take new flows: up, not draining, not disabled, weight above 0. */
    boolean usable(int i);

    /** The address of member {@code i} as a stable 64-bit value, for hashing policies. */
    long addressHash(int i);

    /** Connections of member {@code i} that IPVS counts as active (established), live. */
    int activeConnections(int i);

    /** Connections of member {@code i} that IPVS counts as inactive (not established), live. */
    int inactiveConnections(int i);

    /** Load of member {@code i} normalised to 0..1 per its capacity, or {@code NaN} while unknown or stale. */
    double load(int i);
}
