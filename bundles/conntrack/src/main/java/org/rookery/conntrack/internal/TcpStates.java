package org.rookery.conntrack.internal;

import org.rookery.api.conntrack.ConnState;
import org.rookery.api.model.FlowKey;

/**
 * The state machine of a tracked flow, driven by the client-to-server packets only.
 *
 * <p>In direct routing (and tunnelling) the node answers the client itself, so the front-end sees one
 * direction of the conversation. IPVS handles that case with its INPUT-ONLY table; this is that table
 * restricted to the states Rookery keeps. Flags are ranked as IPVS ranks them (RST, then SYN, then FIN,
 * then ACK); a packet with none of them leaves the state alone and only refreshes the timeout.
 *
 * <pre>
 *            SYN_RECV     ESTABLISHED  FIN_WAIT   TIME_WAIT  CLOSE
 *   syn      SYN_RECV     ESTABLISHED  SYN_RECV   SYN_RECV   SYN_RECV
 *   fin      TIME_WAIT    FIN_WAIT     FIN_WAIT   TIME_WAIT  CLOSE
 *   ack      ESTABLISHED  ESTABLISHED  FIN_WAIT   TIME_WAIT  CLOSE
 *   rst      CLOSE        CLOSE        CLOSE      CLOSE      CLOSE
 * </pre>
 *
 * <p>Why each choice: a SYN on an established flow is a retransmission or a probe and must not demote
 * it; a SYN after the close reuses the tuple for a new connection, so it starts again in SYN_RECV. The
 * client's FIN moves ESTABLISHED to FIN_WAIT; later FINs and ACKs (retransmissions, the ACK of the
 * server's FIN, which we cannot see) keep it there, as in IPVS, since FIN_WAIT and TIME_WAIT time out
 * alike by default. A FIN straight after the handshake (SYN_RECV) means the whole exchange is over:
 * TIME_WAIT. RST closes from every state; IPVS keeps SYN_RECV on a RST, which only holds a slot longer
 * for a client that has already given up.
 *
 * <p>A flow first seen with a SYN starts in SYN_RECV. A flow first seen without one (a front-end took
 * over after failover, or the table evicted it) starts as if it had been ESTABLISHED when the packet
 * arrived: plain ACK data stays ESTABLISHED, a FIN gives FIN_WAIT, a RST gives CLOSE. Newer IPVS sends
 * a bare ACK to CLOSE instead, to shed stray ACK floods; here keeping live connections on their node
 * after failover matters more, and the capacity bound plus eviction order protect the table. Non-TCP
 * flows (UDP, ICMP) live in the single state UDP.
 */
final class TcpStates {

    /** State codes as stored in {@link SlotMeta}: the {@link ConnState} ordinal plus one. */
    static final int SYN_RECV = 1;
    static final int ESTABLISHED = 2;
    static final int FIN_WAIT = 3;
    static final int TIME_WAIT = 4;
    static final int CLOSE = 5;
    static final int UDP = 6;

    private static final int NONE = 0;
    private static final int SYN = 1;
    private static final int FIN = 2;
    private static final int ACK = 3;
    private static final int RST = 4;

    private static final int TCP = 6;
    private static final ConnState[] STATES = ConnState.values();

    /** Flag class by (FIN|SYN|RST bits) | (ACK bit moved to bit 3). */
    private static final byte[] FLAG_CLASS = new byte[16];
    /** Next state code by (flag class << 3) | state code. */
    private static final byte[] NEXT = new byte[5 << 3];

    static {
        for (int i = 0; i < 16; i++) {
            FLAG_CLASS[i] = (byte) ((i & 0x4) != 0 ? RST : (i & 0x2) != 0 ? SYN : (i & 0x1) != 0 ? FIN : (i & 0x8) != 0 ? ACK : NONE);
        }
        for (int s = 0; s <= UDP; s++) {
            NEXT[NONE << 3 | s] = (byte) s;
            NEXT[SYN << 3 | s] = (byte) s;
            NEXT[FIN << 3 | s] = (byte) s;
            NEXT[ACK << 3 | s] = (byte) s;
            NEXT[RST << 3 | s] = (byte) s;
        }
        row(SYN, SYN_RECV, ESTABLISHED, SYN_RECV, SYN_RECV, SYN_RECV);
        row(FIN, TIME_WAIT, FIN_WAIT, FIN_WAIT, TIME_WAIT, CLOSE);
        row(ACK, ESTABLISHED, ESTABLISHED, FIN_WAIT, TIME_WAIT, CLOSE);
        row(RST, CLOSE, CLOSE, CLOSE, CLOSE, CLOSE);
    }

    private TcpStates() {
    }

    private static void row(int flagClass, int... next) {
        for (int s = SYN_RECV; s <= CLOSE; s++) {
            NEXT[flagClass << 3 | s] = (byte) next[s - 1];
        }
    }

    private static int flagClass(int tcpFlags) {
        return FLAG_CLASS[(tcpFlags & (FlowKey.FIN | FlowKey.SYN | FlowKey.RST)) | (tcpFlags & FlowKey.ACK) >>> 1];
    }

    /** The state after a packet with these flags; UDP stays UDP whatever the flags. */
    static int next(int state, int tcpFlags) {
        return NEXT[flagClass(tcpFlags) << 3 | state];
    }

    /** The state of a flow whose first packet has this protocol and these flags. */
    static int initial(int protocol, int tcpFlags) {
        if (protocol != TCP) {
            return UDP;
        }
        return flagClass(tcpFlags) == SYN ? SYN_RECV : next(ESTABLISHED, tcpFlags);
    }

    /** The API value of a state code. */
    static ConnState toState(int code) {
        return STATES[code - 1];
    }

    /** The state code of an API value. */
    static int code(ConnState state) {
        return state.ordinal() + 1;
    }
}
