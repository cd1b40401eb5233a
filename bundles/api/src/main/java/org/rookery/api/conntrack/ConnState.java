package org.rookery.api.conntrack;

/** The state of a tracked flow, as IPVS keeps TCP states; UDP and ICMP flows are {@link #UDP}. */
public enum ConnState {
    /** First SYN seen. */
    SYN_RECV,
    /** Handshake completed, data flowing: an active connection. */
    ESTABLISHED,
    /** A FIN seen. */
    FIN_WAIT,
    /** Both FINs seen. */
    TIME_WAIT,
    /** Reset or closed. */
    CLOSE,
    /** A datagram flow (UDP, ICMP), expired after idle time. */
    UDP;

    /** True when IPVS would count the connection as active. */
    public boolean active() {
        return this == ESTABLISHED;
    }
}
