package org.rookery.api.load;

/**
 * One load report of a node.
 *
 * @param loadAverage one-minute load average divided by the node's CPU count
 * @param cpu CPU use 0..1
 * @param activeConnections connections the node itself counts
 * @param memoryUsed memory in use 0..1
 * @param weightHint operator-set weight hint, or -1 for none
 * @param receivedAtMillis when the front-end received it (epoch milliseconds)
 */
public record NodeLoad(double loadAverage, double cpu, int activeConnections, double memoryUsed, int weightHint,
                       long receivedAtMillis) {

    /** The load a policy compares: the larger of load average per CPU and CPU use. */
    public double normalised() {
        return Math.max(loadAverage, cpu);
    }
}
