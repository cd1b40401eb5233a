package org.rookery.api.model;

/**
 * One rule of the classification chain: match criteria (each null or 0 meaning "any") and a verdict.
 * Like a firewall rule and like Netty's {@code IpFilterRule}: immutable, shareable, and
 * {@link #matches} allocates nothing.
 *
 * @param id stable identifier, used by {@code rule del}
 * @param protocol IP protocol number, 0 for any
 * @param source source prefix, or null for any
 * @param destination destination (VIP) prefix, or null for any
 * @param destinationPorts destination port range, or null for any
 * @param iface ingress interface name, or null for any
 * @param verdict what a match decides
 */
public record Rule(int id, int protocol, Cidr source, Cidr destination, PortRange destinationPorts, String iface,
                   Verdict verdict) {

    /** Validates the fields. */
    public Rule {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol number " + protocol + " is outside 0-255");
        }
        if (verdict == null) {
            throw new IllegalArgumentException("a rule needs a verdict (--to pool:NAME|node:POOL/NAME|local|drop)");
        }
        if (iface != null && iface.isBlank()) {
            iface = null;
        }
    }

    /** True when every given criterion holds for the flow. */
    public boolean matches(FlowKey key) {
        if (protocol != 0 && key.protocol() != protocol) {
            return false;
        }
        if (source != null && !source.contains(key.family(), key.srcHi(), key.srcLo())) {
            return false;
        }
        if (destination != null && !destination.contains(key.family(), key.dstHi(), key.dstLo())) {
            return false;
        }
        if (destinationPorts != null && !destinationPorts.contains(key.dstPort())) {
            return false;
        }
        return iface == null || iface.equals(key.ingress());
    }

    /** A copy with another identifier. */
    public Rule withId(int newId) {
        return new Rule(newId, protocol, source, destination, destinationPorts, iface, verdict);
    }
}
