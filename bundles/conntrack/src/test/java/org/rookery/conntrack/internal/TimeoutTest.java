package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.rookery.api.conntrack.ConnectionTable.MISS;
import static org.rookery.conntrack.internal.Flows.ACK;
import static org.rookery.conntrack.internal.Flows.FIN;
import static org.rookery.conntrack.internal.Flows.RST;
import static org.rookery.conntrack.internal.Flows.SYN;
import static org.rookery.conntrack.internal.Flows.ms;
import static org.rookery.conntrack.internal.Flows.sec;
import static org.rookery.conntrack.internal.Flows.v4;
import static org.rookery.conntrack.internal.Flows.v6;

import org.junit.jupiter.api.Test;
import org.rookery.api.conntrack.ConnState;
import org.rookery.api.model.FlowKey;

class TimeoutTest {

    private final ShardedConnectionTable t = Flows.table(100);
    private int nextFlow = 1000;

    @Test
    void aFlowExpiresExactlyAfterItsStateTimeout() {
        t.insert(v4(1).tcpFlags(SYN), 1, 0);
        t.insert(v4(2).tcpFlags(SYN), 1, 0);
        assertEquals(1, t.lookup(v4(1), sec(60) - ms(1)));
        assertEquals(MISS, t.lookup(v4(2), sec(60)));
    }

    @Test
    void trafficRefreshesTheTimeout() {
        t.insert(v6(1).tcpFlags(SYN), 1, 0);
        t.insert(v6(2).tcpFlags(SYN), 1, 0);
        assertEquals(1, t.lookup(v6(1), sec(50)));
        assertEquals(1, t.lookup(v6(2), sec(50)));
        assertEquals(60_000, Flows.find(t, v6(1), sec(50)).expiresInMillis());
        assertEquals(1, t.lookup(v6(1), sec(110) - ms(1)));
        assertEquals(MISS, t.lookup(v6(2), sec(110)));
    }

    @Test
    void eachStateHasItsOwnTimeout() {
        assertTimeout(new int[] {SYN}, ConnState.SYN_RECV, 60);
        assertTimeout(new int[] {SYN, ACK}, ConnState.ESTABLISHED, 900);
        assertTimeout(new int[] {ACK, FIN}, ConnState.FIN_WAIT, 120);
        assertTimeout(new int[] {SYN, FIN}, ConnState.TIME_WAIT, 120);
        assertTimeout(new int[] {ACK, RST}, ConnState.CLOSE, 10);
    }

    private void assertTimeout(int[] flags, ConnState state, long seconds) {
        FlowKey k = v4(nextFlow++);
        FlowKey other = v4(nextFlow++);
        for (FlowKey key : new FlowKey[] {k, other}) {
            t.insert(key.tcpFlags(flags[0]), 1, 0);
            for (int i = 1; i < flags.length; i++) {
                t.lookup(key.tcpFlags(flags[i]), sec(1));
            }
        }
        long last = flags.length > 1 ? sec(1) : 0;
        assertEquals(state, Flows.state(t, k, last));
        assertEquals(seconds * 1000, Flows.find(t, k, last).expiresInMillis());
        assertEquals(1, t.lookup(k.tcpFlags(0), last + sec(seconds) - ms(1)), state.toString());
        assertEquals(MISS, t.lookup(other.tcpFlags(0), last + sec(seconds)), state.toString());
    }

    @Test
    void udpFlowsLiveFiveMinutesAfterTheirLastDatagram() {
        FlowKey a = new FlowKey().setV4(17, 1, 2, 53, 53);
        FlowKey b = new FlowKey().setV4(17, 1, 2, 54, 53);
        t.insert(a, 4, 0);
        t.insert(b, 4, 0);
        assertEquals(ConnState.UDP, Flows.state(t, a, 0));
        assertEquals(4, t.lookup(a, sec(299)));
        assertEquals(MISS, t.lookup(b, sec(300)));
        assertEquals(4, t.lookup(a, sec(599) - ms(1)));
    }

    @Test
    void configuredTimeoutsApply() {
        ShardedConnectionTable custom = new ShardedConnectionTable(TableSettings.of(10).withTimeouts(
                Timeouts.defaults().with(ConnState.ESTABLISHED, 5_000).with(ConnState.UDP, 1_500)), 0);
        custom.insert(v4(1).tcpFlags(ACK), 1, 0);
        custom.insert(new FlowKey().setV4(17, 1, 2, 3, 4), 1, 0);
        assertEquals(5_000, Flows.find(custom, v4(1), 0).expiresInMillis());
        assertEquals(1, custom.expire(ms(1_500)));
        assertEquals(1, custom.expire(ms(5_000)));
        assertEquals(0, custom.size());
    }

    @Test
    void newTimeoutsApplyFromTheNextRefresh() {
        t.insert(v4(1).tcpFlags(ACK), 1, 0);
        t.reconfigure(TableSettings.of(100).withTimeouts(Timeouts.defaults().with(ConnState.ESTABLISHED, 30_000)));
        assertEquals(900_000 - 10_000, Flows.find(t, v4(1), sec(10)).expiresInMillis());
        t.lookup(v4(1), sec(10));
        assertEquals(30_000, Flows.find(t, v4(1), sec(10)).expiresInMillis());
    }

    @Test
    void expireSweepsOnlyExpiredFlowsAndCountsThem() {
        t.insert(v4(1).tcpFlags(RST), 1, 0);
        t.insert(v6(1).tcpFlags(RST), 1, 0);
        t.insert(v4(2).tcpFlags(SYN), 1, 0);
        t.insert(v4(3).tcpFlags(ACK), 1, 0);
        assertEquals(0, t.expire(sec(10) - ms(1)));
        assertEquals(2, t.expire(sec(10)));
        assertEquals(2, t.size());
        assertEquals(1, t.expire(sec(60)));
        assertEquals(0, t.expire(sec(61)));
        assertEquals(3L, t.counters().get("expirations"));
        assertEquals(1, t.size());
    }

    @Test
    void aLookupReclaimsAnExpiredFlow() {
        t.insert(v4(1).tcpFlags(SYN), 1, 0);
        assertEquals(MISS, t.lookup(v4(1), sec(61)));
        assertEquals(0, t.size());
        assertEquals(1L, t.counters().get("expirations"));
        assertEquals(0, t.inactiveConnections(1));
        assertEquals(5, t.insert(v4(1).tcpFlags(SYN), 5, sec(61)), "an expired flow is replaced, not returned");
    }

    @Test
    void anIcmpErrorNeitherAdvancesNorRefreshesItsFlow() {
        t.insert(v4(1).tcpFlags(SYN), 1, 0);
        assertEquals(1, t.lookup(v4(1).tcpFlags(RST).icmpError(true), sec(30)));
        assertEquals(ConnState.SYN_RECV, Flows.state(t, v4(1), sec(30)));
        assertEquals(MISS, t.lookup(v4(1), sec(60)));
    }

    @Test
    void removeOfAnExpiredFlowSaysItWasNotTracked() {
        t.insert(v4(1).tcpFlags(RST), 1, 0);
        t.insert(v4(2).tcpFlags(ACK), 1, 0);
        t.lookup(v4(2), sec(20));
        assertFalse(t.remove(v4(1)));
        assertEquals(1, t.size());
    }

    @Test
    void timeoutsAreValidated() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Timeouts.ofSeconds(0, 60, 120, 120, 10, 300));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("ESTABLISHED"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Timeouts.defaults().with(ConnState.UDP, Timeouts.MAX_MILLIS + 1));
        assertEquals(900_000, Timeouts.defaults().millis(ConnState.ESTABLISHED));
    }
}
