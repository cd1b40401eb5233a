package org.rookery.api.datapath;

/**
 * What a datapath carried for one node, as HAProxy counts it per server.
 *
 * @param bytesIn bytes from clients relayed or forwarded to the node (whole frames for the packet datapath)
 * @param bytesOut bytes from the node relayed or forwarded back to clients (for the packet datapath only
 *                 what passes through it: NAT replies; in dr and tun the node answers clients directly)
 */
public record NodeTraffic(long bytesIn, long bytesOut) {

    /** This and another count added up. */
    public NodeTraffic plus(NodeTraffic other) {
        return new NodeTraffic(bytesIn + other.bytesIn, bytesOut + other.bytesOut);
    }
}
