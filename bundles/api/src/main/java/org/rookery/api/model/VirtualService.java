package org.rookery.api.model;

import java.util.Objects;

/**
 * A virtual service: traffic to a VIP, protocol and port range, handed to a pool and forwarded by one method.
 *
 * @param name unique service name
 * @param vip the shared address clients connect to
 * @param protocol tcp or udp
 * @param ports the destination port or port range
 * @param pool the pool whose nodes serve it
 * @param method how packets or connections reach the node
 * @param iface the interface the packet datapath captures on, or null for the proxy or an unset one
 */
public record VirtualService(String name, IpAddress vip, Protocol protocol, PortRange ports, String pool,
                             ForwardingMethod method, String iface) {

    /** Validates the fields. */
    public VirtualService {
        Names.check("service", name);
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(ports, "ports");
        Names.check("pool", pool);
        protocol = protocol == null ? Protocol.TCP : protocol;
        method = method == null ? ForwardingMethod.PROXY : method;
        if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
            throw new IllegalArgumentException("service protocol must be tcp or udp, not " + protocol);
        }
        if (iface != null && iface.isBlank()) {
            iface = null;
        }
    }

    /** True when a flow's protocol, destination address and port belong to this service. */
    public boolean matches(FlowKey key) {
        return key.protocol() == protocol.number() && key.family() == vip.family()
                && key.dstHi() == vip.hi() && key.dstLo() == vip.lo() && ports.contains(key.dstPort());
    }
}
