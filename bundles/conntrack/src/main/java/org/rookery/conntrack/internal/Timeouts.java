package org.rookery.conntrack.internal;

import java.util.Arrays;

import org.rookery.api.conntrack.ConnState;

/**
 * How long a flow lives after its last packet, per state; immutable, so a table can swap a new set in
 * with one volatile write while datapath threads keep reading the old one.
 */
public final class Timeouts {

    /** Longest accepted timeout: expiries are int milliseconds compared with wrap-around arithmetic. */
    public static final long MAX_MILLIS = 10L * 24 * 3600 * 1000;

    private final int[] millisByCode;

    private Timeouts(int[] millisByCode) {
        this.millisByCode = millisByCode;
    }

    /** The IPVS defaults: established 15 min, SYN_RECV 60 s, FIN_WAIT and TIME_WAIT 2 min, CLOSE 10 s, UDP 5 min. */
    public static Timeouts defaults() {
        return ofSeconds(900, 60, 120, 120, 10, 300);
    }

    /** Timeouts in seconds, in the order of the configuration. */
    public static Timeouts ofSeconds(long established, long synRecv, long finWait, long timeWait, long close, long udp) {
        int[] ms = new int[8];
        ms[TcpStates.ESTABLISHED] = checked(ConnState.ESTABLISHED, established * 1000);
        ms[TcpStates.SYN_RECV] = checked(ConnState.SYN_RECV, synRecv * 1000);
        ms[TcpStates.FIN_WAIT] = checked(ConnState.FIN_WAIT, finWait * 1000);
        ms[TcpStates.TIME_WAIT] = checked(ConnState.TIME_WAIT, timeWait * 1000);
        ms[TcpStates.CLOSE] = checked(ConnState.CLOSE, close * 1000);
        ms[TcpStates.UDP] = checked(ConnState.UDP, udp * 1000);
        return new Timeouts(ms);
    }

    /** A copy with one state's timeout changed, in milliseconds. */
    public Timeouts with(ConnState state, long millis) {
        int[] ms = Arrays.copyOf(millisByCode, millisByCode.length);
        ms[TcpStates.code(state)] = checked(state, millis);
        return new Timeouts(ms);
    }

    /** The timeout of a state in milliseconds. */
    public long millis(ConnState state) {
        return millisByCode[TcpStates.code(state)];
    }

    int millisOf(int stateCode) {
        return millisByCode[stateCode];
    }

    private static int checked(ConnState state, long millis) {
        if (millis < 1 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("timeout of " + state + " is " + millis
                    + " ms; expected 1 ms to " + MAX_MILLIS / 1000 + " s");
        }
        return (int) millis;
    }

    /** Equal when every state has the same timeout. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Timeouts t && Arrays.equals(millisByCode, t.millisByCode);
    }

    /** Hash of the timeouts. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(millisByCode);
    }

    /** {@code ESTABLISHED=900000ms ...} for logs. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (ConnState s : ConnState.values()) {
            b.append(b.length() == 0 ? "" : " ").append(s).append('=').append(millis(s)).append("ms");
        }
        return b.toString();
    }
}
