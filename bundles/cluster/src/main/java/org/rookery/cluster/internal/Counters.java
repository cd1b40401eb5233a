package org.rookery.cluster.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Every counter of the cluster: per scope ({@code service:web}, {@code pool:web}, {@code node:web/n1}) and global. */
final class Counters {

    private final ConcurrentHashMap<String, ScopeCounters> scopes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> drops = new ConcurrentHashMap<>();
    /** Flows the chain gave to the host. */
    final LongAdder local = new LongAdder();
    /** Flows a rule or the default verdict dropped. */
    final LongAdder ruleDrops = new LongAdder();
    /** Packets of flows whose node went down, dropped (down.flows=drop). */
    final LongAdder downDrops = new LongAdder();
    /** Flows of down or deleted nodes placed again (down.flows=reschedule). */
    final LongAdder rescheduled = new LongAdder();
    /** New flows forwarded without an entry because the connection table could not make room. */
    final LongAdder untracked = new LongAdder();
    /** Verdicts naming a node or pool that does not exist. */
    final LongAdder unknownTarget = new LongAdder();

    /** The counters of a scope, created on first use and kept. */
    ScopeCounters scope(String name) {
        return scopes.computeIfAbsent(name, n -> new ScopeCounters());
    }

    /** Counts a drop by reason; allocation-free once the reason has been seen. */
    void drop(String reason) {
        drops.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    Map<String, Long> dispatcher() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("local", local.sum());
        m.put("rule-drops", ruleDrops.sum());
        m.put("down-drops", downDrops.sum());
        m.put("rescheduled", rescheduled.sum());
        m.put("untracked", untracked.sum());
        m.put("unknown-target", unknownTarget.sum());
        return m;
    }

    Map<String, Long> drops() {
        Map<String, Long> m = new TreeMap<>();
        drops.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
