package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rookery.conntrack.internal.Flows.ACK;
import static org.rookery.conntrack.internal.Flows.FIN;
import static org.rookery.conntrack.internal.Flows.PSH;
import static org.rookery.conntrack.internal.Flows.RST;
import static org.rookery.conntrack.internal.Flows.SYN;
import static org.rookery.conntrack.internal.TcpStates.CLOSE;
import static org.rookery.conntrack.internal.TcpStates.ESTABLISHED;
import static org.rookery.conntrack.internal.TcpStates.FIN_WAIT;
import static org.rookery.conntrack.internal.TcpStates.SYN_RECV;
import static org.rookery.conntrack.internal.TcpStates.TIME_WAIT;
import static org.rookery.conntrack.internal.TcpStates.UDP;

import org.junit.jupiter.api.Test;
import org.rookery.api.conntrack.ConnState;
import org.rookery.api.model.FlowKey;

class TcpStatesTest {

    @Test
    void theInputOnlyTable() {
        int[] states = {SYN_RECV, ESTABLISHED, FIN_WAIT, TIME_WAIT, CLOSE};
        int[][] expected = {
            /* syn */ {SYN_RECV, ESTABLISHED, SYN_RECV, SYN_RECV, SYN_RECV},
            /* fin */ {TIME_WAIT, FIN_WAIT, FIN_WAIT, TIME_WAIT, CLOSE},
            /* ack */ {ESTABLISHED, ESTABLISHED, FIN_WAIT, TIME_WAIT, CLOSE},
            /* rst */ {CLOSE, CLOSE, CLOSE, CLOSE, CLOSE},
            /* psh */ {SYN_RECV, ESTABLISHED, FIN_WAIT, TIME_WAIT, CLOSE},
        };
        int[] flags = {SYN, FIN, ACK, RST, PSH};
        for (int f = 0; f < flags.length; f++) {
            for (int s = 0; s < states.length; s++) {
                assertEquals(expected[f][s], TcpStates.next(states[s], flags[f]), "flags " + flags[f] + " in " + states[s]);
            }
        }
    }

    @Test
    void flagsRankRstThenSynThenFinThenAck() {
        assertEquals(CLOSE, TcpStates.next(ESTABLISHED, RST | ACK));
        assertEquals(CLOSE, TcpStates.next(SYN_RECV, RST | SYN));
        assertEquals(SYN_RECV, TcpStates.next(TIME_WAIT, SYN | ACK | FIN));
        assertEquals(FIN_WAIT, TcpStates.next(ESTABLISHED, FIN | ACK | PSH));
        assertEquals(ESTABLISHED, TcpStates.next(SYN_RECV, ACK | PSH));
    }

    @Test
    void udpIgnoresFlags() {
        for (int f = 0; f < 32; f++) {
            assertEquals(UDP, TcpStates.next(UDP, f));
        }
    }

    @Test
    void initialStates() {
        assertEquals(SYN_RECV, TcpStates.initial(6, SYN));
        assertEquals(ESTABLISHED, TcpStates.initial(6, ACK));
        assertEquals(ESTABLISHED, TcpStates.initial(6, ACK | PSH));
        assertEquals(ESTABLISHED, TcpStates.initial(6, 0));
        assertEquals(FIN_WAIT, TcpStates.initial(6, FIN | ACK));
        assertEquals(CLOSE, TcpStates.initial(6, RST));
        assertEquals(CLOSE, TcpStates.initial(6, RST | SYN));
        assertEquals(UDP, TcpStates.initial(17, 0));
        assertEquals(UDP, TcpStates.initial(1, 0));
        assertEquals(UDP, TcpStates.initial(58, SYN));
    }

    @Test
    void codesMatchTheApiEnum() {
        for (ConnState s : ConnState.values()) {
            assertEquals(s, TcpStates.toState(TcpStates.code(s)));
        }
        assertEquals(ConnState.ESTABLISHED, TcpStates.toState(ESTABLISHED));
        assertEquals(ConnState.UDP, TcpStates.toState(UDP));
    }

    @Test
    void aWholeConnectionThroughTheTable() {
        ShardedConnectionTable t = Flows.table(10);
        FlowKey k = Flows.v4(1);
        t.insert(k.tcpFlags(SYN), 1, 0);
        assertEquals(ConnState.SYN_RECV, Flows.state(t, k, 0));
        t.lookup(k.tcpFlags(SYN), 1);
        assertEquals(ConnState.SYN_RECV, Flows.state(t, k, 1));
        t.lookup(k.tcpFlags(ACK), 2);
        assertEquals(ConnState.ESTABLISHED, Flows.state(t, k, 2));
        t.lookup(k.tcpFlags(ACK | PSH), 3);
        t.lookup(k.tcpFlags(SYN), 3);
        assertEquals(ConnState.ESTABLISHED, Flows.state(t, k, 3));
        t.lookup(k.tcpFlags(FIN | ACK), 4);
        assertEquals(ConnState.FIN_WAIT, Flows.state(t, k, 4));
        t.lookup(k.tcpFlags(ACK), 5);
        assertEquals(ConnState.FIN_WAIT, Flows.state(t, k, 5));
        t.lookup(k.tcpFlags(RST), 6);
        assertEquals(ConnState.CLOSE, Flows.state(t, k, 6));
        t.lookup(k.tcpFlags(SYN), 7);
        assertEquals(ConnState.SYN_RECV, Flows.state(t, k, 7));
        assertEquals(9L, Flows.find(t, k, 7).packets(), "the first packet and eight more");
    }
}
