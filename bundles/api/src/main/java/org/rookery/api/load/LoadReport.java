package org.rookery.api.load;

import org.rookery.api.model.Names;

/**
 * What a node agent sends every interval, before signing.
 *
 * @param node the node's name (as in the pool), or {@code POOL/NAME} to address one pool only
 * @param sequence strictly increasing per node agent; the front-end drops one not above the last it accepted
 * @param timestampMillis when the node sent it (epoch milliseconds); the front-end drops old ones
 * @param intervalMillis how often the agent reports, so the front-end knows when reports are missing
 * @param loadAverage one-minute load average (not divided)
 * @param cpus the node's CPU count
 * @param cpu CPU use over the last interval, 0..1
 * @param activeConnections established TCP connections of the node's service port(s)
 * @param memoryUsed memory in use, 0..1
 * @param weightHint operator-set weight hint, or -1 for none
 */
public record LoadReport(String node, long sequence, long timestampMillis, int intervalMillis, double loadAverage,
                         int cpus, double cpu, int activeConnections, double memoryUsed, int weightHint) {

    /** Validates the fields a front-end relies on. */
    public LoadReport {
        int slash = node == null ? -1 : node.indexOf('/');
        if (slash >= 0) {
            Names.check("pool", node.substring(0, slash));
            Names.check("node", node.substring(slash + 1));
        } else {
            Names.check("node", node);
        }
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("report interval " + intervalMillis + " ms is below 1 ms");
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("cpu count " + cpus + " is below 1");
        }
        if (!(loadAverage >= 0) || !(cpu >= 0 && cpu <= 1) || !(memoryUsed >= 0 && memoryUsed <= 1)
                || activeConnections < 0) {
            throw new IllegalArgumentException("load values out of range: load " + loadAverage + " cpu " + cpu
                    + " memory " + memoryUsed + " connections " + activeConnections);
        }
    }

    /** The load as the front-end keeps it, received at {@code receivedAtMillis}. */
    public NodeLoad toNodeLoad(long receivedAtMillis) {
        return new NodeLoad(loadAverage / cpus, cpu, activeConnections, memoryUsed, weightHint, receivedAtMillis);
    }
}
