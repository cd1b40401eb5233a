package org.rookery.cluster.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.rookery.api.policy.DistributionPolicy;

/**
 * Policies by name, as IPVS finds schedulers: filled and emptied as policy services come and go.
 * When two services claim one name, the one with the higher ranking (then the older) wins.
 */
final class PolicyRegistry {

    /** A registered policy and what orders it against others of the same name. */
    record Entry(DistributionPolicy policy, String name, int ranking, long serviceId, long bundleId) {
    }

    private final Map<Long, Entry> byServiceId = new ConcurrentHashMap<>();

    void add(Entry e) {
        byServiceId.put(e.serviceId(), e);
    }

    void remove(long serviceId) {
        byServiceId.remove(serviceId);
    }

    /** The policy registered under a name, or null. */
    DistributionPolicy find(String name) {
        return byServiceId.values().stream().filter(e -> e.name().equals(name))
                .max(Comparator.comparingInt(Entry::ranking).thenComparing(e -> -e.serviceId()))
                .map(Entry::policy).orElse(null);
    }

    /** Every registered policy, by name. */
    Map<String, List<Entry>> all() {
        Map<String, List<Entry>> m = new TreeMap<>();
        byServiceId.values().forEach(e -> m.computeIfAbsent(e.name(), n -> new java.util.ArrayList<>()).add(e));
        return m;
    }
}
