package org.rookery.api.health;

/**
 * One node's checked state.
 *
 * @param pool the pool
 * @param node the node's name
 * @param healthy what the checks say now (a node starts healthy)
 * @param successes consecutive successes so far
 * @param failures consecutive failures so far
 * @param checks checks run in all
 * @param failed checks failed in all
 * @param transitions changes between healthy and failed
 * @param lastResult the last check's outcome, e.g. {@code ok}, {@code connect refused}, {@code status 503}
 * @param lastChangeMillis when it last changed between healthy and failed (epoch ms), or 0
 */
public record NodeHealth(String pool, String node, boolean healthy, int successes, int failures, long checks,
                         long failed, long transitions, String lastResult, long lastChangeMillis) {
}
