package org.rookery.capture.internal;

import java.util.Set;

import org.rookery.api.policy.DistributionPolicy;

/** Where replay finds distribution policies by name: the registered services, or given ones in tests. */
interface PolicySource {

    /** The policy registered under {@code name}, or null when none is. */
    DistributionPolicy find(String name);

    /** The names of every registered policy. */
    Set<String> names();
}
