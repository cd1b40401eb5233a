package org.rookery.health.internal;

import org.rookery.api.health.NodeHealth;

/**
 * The rise/fall counter of one checked node, as HAProxy and keepalived count: a healthy node fails after
 * {@code fall} consecutive failures, a failed one recovers after {@code rise} consecutive successes; a node
 * starts healthy. One probe of a node runs at a time.
 */
final class NodeCheckState {

    private boolean healthy = true;
    private int successes;
    private int failures;
    private long checks;
    private long failed;
    private long transitions;
    private String lastResult = "-";
    private long lastChangeMillis;
    /** Whether a probe of this node is running; ticks skip it meanwhile. */
    boolean inFlight;
    /** When the next probe is due (System.nanoTime). */
    long nextDueNanos;

    /** Counts one outcome; returns true when the node changed between healthy and failed. */
    synchronized boolean record(boolean ok, String detail, int rise, int fall, long nowMillis) {
        checks++;
        lastResult = detail;
        inFlight = false;
        if (ok) {
            successes++;
            failures = 0;
        } else {
            failed++;
            failures++;
            successes = 0;
        }
        boolean flip = healthy ? failures >= fall : successes >= rise;
        if (flip) {
            healthy = !healthy;
            transitions++;
            lastChangeMillis = nowMillis;
        }
        return flip;
    }

    /** True while the checks say the node is healthy. */
    synchronized boolean healthy() {
        return healthy;
    }

    /** The state as the API shows it. */
    synchronized NodeHealth snapshot(String pool, String node) {
        return new NodeHealth(pool, node, healthy, successes, failures, checks, failed, transitions, lastResult,
                lastChangeMillis);
    }
}
