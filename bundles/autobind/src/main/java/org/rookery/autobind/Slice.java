package org.rookery.autobind;

import java.util.List;

import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;

/**
 * A node's private port slice as it learnt it (from its arguments or from the front-end).
 *
 * @param space the cluster's port space
 * @param index the node's index in it
 * @param vip the address outgoing connections leave from, or null to leave source addresses alone
 * @param servicePorts the ports of the services on that VIP, which the slice must not overlap
 */
public record Slice(PortSpace space, int index, String vip, List<PortRange> servicePorts) {

    /** Validates that the index has a slice. */
    public Slice {
        if (space.disabled()) {
            throw new IllegalArgumentException("the cluster's port space is off; set it on the front-end: portspace set --base B --slice S");
        }
        if (index < 0 || index >= space.slices()) {
            throw new IllegalArgumentException("node index " + index + " has no slice: base " + space.base() + " slice "
                    + space.slice() + " holds indexes 0-" + (space.slices() - 1));
        }
        vip = vip == null || vip.isBlank() ? null : vip.trim();
        servicePorts = List.copyOf(servicePorts);
    }

    /** The node's ports. */
    public PortRange ports() {
        return space.sliceOf(index);
    }
}
