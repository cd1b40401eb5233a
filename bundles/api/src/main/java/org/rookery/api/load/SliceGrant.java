package org.rookery.api.load;

import java.util.List;

import org.rookery.api.model.PortRange;

/**
 * The front-end's answer to a node asking for its private port slice over the agent protocol.
 *
 * @param node the node's name as asked
 * @param sequence the sequence number of the request it answers
 * @param timestampMillis when the front-end sent it
 * @param base first port of slice 0, 0 when the port space is off
 * @param slice ports per node, 0 when off
 * @param index the node's index, -1 when it has none or is unknown
 * @param vip the address its outgoing connections should leave from (a service VIP of its pool), or empty
 * @param servicePorts ports of the services on that VIP, which the node's slice must not overlap
 */
public record SliceGrant(String node, long sequence, long timestampMillis, int base, int slice, int index, String vip,
                         List<PortRange> servicePorts) {

    /** Copies the list. */
    public SliceGrant {
        vip = vip == null ? "" : vip;
        servicePorts = List.copyOf(servicePorts);
    }
}
