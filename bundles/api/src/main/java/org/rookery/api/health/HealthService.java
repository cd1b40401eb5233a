package org.rookery.api.health;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Health checks of the front-end: settings per pool and each checked node's state. */
@ProviderType
public interface HealthService {

    /** The checks, sorted by pool. */
    List<HealthCheck> checks();

    /** The state of one checked node, or null when its pool has no check. */
    NodeHealth health(String pool, String node);

    /** Sets (adds or replaces) the check of a pool, stored in Config Admin; the pool must exist. */
    void set(HealthCheck check);

    /** Removes the check of a pool; its nodes count as healthy again. */
    void remove(String pool);
}
