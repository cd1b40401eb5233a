package org.rookery.proxy.internal;

/** Why the proxy dropped a connection or datagram; counted as {@code drops.NAME}. */
enum DropReason {
    /** The dispatcher said drop (a rule, or a tracked flow whose node is down). */
    DROP("rule"),
    /** The dispatcher said the flow is not for a node but for the host. */
    LOCAL("local"),
    /** Client and VIP addresses of different families: no flow key can be made. */
    FAMILY("address-family"),
    /** A new UDP client while {@code udp.max.sessions} sessions exist. */
    UDP_SESSIONS_FULL("udp-sessions-full"),
    /** A reply to a UDP client while the listener's send buffer is full. */
    UDP_BACKLOG("udp-backlog"),
    /** A UDP node answered with an ICMP error (port unreachable), ending the session. */
    UDP_NODE_ERROR("udp-node-error");

    /** The name counted, as operators read it. */
    final String label;

    DropReason(String label) {
        this.label = label;
    }
}
