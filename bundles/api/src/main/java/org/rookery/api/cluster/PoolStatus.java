package org.rookery.api.cluster;

import org.rookery.api.model.Pool;

/**
 * A pool as configured and as running.
 *
 * @param pool the configuration
 * @param policyInUse the policy actually placing new flows now
 * @param fallback true when the named policy is absent and {@code policyInUse} is the fallback
 * @param usableNodes nodes that can take new flows now
 */
public record PoolStatus(Pool pool, String policyInUse, boolean fallback, int usableNodes) {
}
