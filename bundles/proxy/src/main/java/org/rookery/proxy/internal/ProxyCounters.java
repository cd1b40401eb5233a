package org.rookery.proxy.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** The proxy's counters; striped adders so that event loop threads never contend on one line. */
final class ProxyCounters {

    final LongAdder connections = new LongAdder();
    final AtomicInteger active = new AtomicInteger();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    /** Connection attempts that timed out (also counted in connectFailures). */
    final LongAdder connectTimeouts = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder idleCloses = new LongAdder();
    final LongAdder graceCloses = new LongAdder();
    final LongAdder backpressurePauses = new LongAdder();
    /** The largest outbound backlog of one channel ever seen: the proof that backpressure bounds memory. */
    final LongAccumulator maxPendingBytes = new LongAccumulator(Math::max, 0);
    final LongAdder refreshes = new LongAdder();
    final AtomicInteger udpSessions = new AtomicInteger();
    final LongAdder udpSessionsTotal = new LongAdder();
    final LongAdder udpDatagramsIn = new LongAdder();
    final LongAdder udpDatagramsOut = new LongAdder();
    final AtomicInteger listeners = new AtomicInteger();
    private final LongAdder[] drops = new LongAdder[DropReason.values().length];

    ProxyCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    /** Counts one drop. */
    void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    /** Notes a channel's outbound backlog after a write. */
    void pending(long bytes) {
        if (bytes > maxPendingBytes.get()) {
            maxPendingBytes.accumulate(bytes);
        }
    }

    /** A snapshot by counter name. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("listeners", (long) listeners.get());
        m.put("connections", connections.sum());
        m.put("active", (long) active.get());
        m.put("bytes-in", bytesIn.sum());
        m.put("bytes-out", bytesOut.sum());
        m.put("connect-failures", connectFailures.sum());
        m.put("connect-timeouts", connectTimeouts.sum());
        m.put("retries", retries.sum());
        m.put("refused", refused.sum());
        m.put("idle-closes", idleCloses.sum());
        m.put("grace-closes", graceCloses.sum());
        m.put("backpressure-pauses", backpressurePauses.sum());
        m.put("max-pending-bytes", maxPendingBytes.get());
        m.put("conntrack-refreshes", refreshes.sum());
        m.put("udp-sessions", (long) udpSessions.get());
        m.put("udp-sessions-total", udpSessionsTotal.sum());
        m.put("udp-datagrams-in", udpDatagramsIn.sum());
        m.put("udp-datagrams-out", udpDatagramsOut.sum());
        for (DropReason r : DropReason.values()) {
            m.put("drops." + r.label, drops[r.ordinal()].sum());
        }
        return m;
    }
}
