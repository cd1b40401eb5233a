package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.health.ComponentHealth;
import org.rookery.api.health.HealthService;
import org.rookery.api.policy.DistributionPolicy;

/** The platform commands of the {@code rookery} scope: {@code version}, {@code ready}, {@code health} and {@code policies}. */
@Component(service = RookeryCommands.class, property = {
        "osgi.command.scope=rookery",
        "osgi.command.function=version",
        "osgi.command.function=ready",
        "osgi.command.function=health",
        "osgi.command.function=policies"
})
public class RookeryCommands {

    private final BundleContext context;
    /** Optional: without a cluster, policies are listed without the pools using them. */
    private volatile ClusterService cluster;
    /** Optional: the per-pool node health checks. */
    private volatile HealthService healthChecks;

    /** Parts that report their own problems (admin listener, command server); their lines join the health summary. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ComponentHealth> checks;

    /** Created by DS with the bundle's context. */
    @Activate
    public RookeryCommands(BundleContext context) {
        this.context = context;
    }

    /** The cluster arrived. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setCluster(ClusterService c) {
        cluster = c;
    }

    /** The cluster left. */
    void unsetCluster(ClusterService c) {
        if (cluster == c) {
            cluster = null;
        }
    }

    /** Prints the Rookery version and every Rookery bundle with its state. */
    @Descriptor("print the Rookery version and the state of every Rookery bundle")
    public String version() {
        StringBuilder sb = new StringBuilder();
        sb.append("Rookery ").append(context.getBundle().getVersion()).append('\n');
        List<Bundle> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName();
            if (bsn != null && bsn.startsWith("org.rookery.")) {
                bundles.add(b);
            }
        }
        bundles.sort(Comparator.comparing(Bundle::getSymbolicName));
        Table table = new Table("ID", "BUNDLE", "VERSION", "STATE");
        for (Bundle b : bundles) {
            table.row(Long.toString(b.getBundleId()), b.getSymbolicName(), b.getVersion().toString(),
                    BundleStates.name(b.getState()));
        }
        return sb.append(table).toString();
    }

    /** Succeeds once the framework has finished starting its bundles (and names any that did not start). */
    @Descriptor("succeed once the front-end has finished starting (bin/rookery start waits for it); names bundles not active")
    public String ready() {
        if (context.getBundle(0).getState() != Bundle.ACTIVE) {
            throw new IllegalStateException("starting: the framework is still starting its bundles");
        }
        List<String> waiting = notActive();
        // a bundle an operator stopped, or one that cannot resolve, must not keep the front-end from being ready
        return waiting.isEmpty() ? "ready" : "ready; bundles not active: " + String.join(", ", waiting);
    }

    /** Bundles that are not ACTIVE, as {@code BSN STATE}; fragments never are, so they are left out. */
    private List<String> notActive() {
        List<String> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                out.add(b.getSymbolicName() + " " + BundleStates.name(b.getState()));
            }
        }
        return out;
    }

    /** The health checks arrived. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setHealth(HealthService h) {
        healthChecks = h;
    }

    /** The health checks left. */
    void unsetHealth(HealthService h) {
        if (healthChecks == h) {
            healthChecks = null;
        }
    }

    /**
     * Without arguments one line: ok or degraded (and why), with counts of services, pools, nodes by state and
     * pools on fallback; with a verb, the per-pool health checks.
     */
    @Descriptor("without arguments one line of health (ok or degraded and why); with a verb the node health checks: "
            + HealthChecks.USAGE)
    public String health(@Descriptor("nothing, or a verb and arguments: " + HealthChecks.USAGE) Object... args) {
        ClusterService c = cluster;
        if (args.length > 0) {
            HealthService h = healthChecks;
            if (h == null || c == null) {
                throw new IllegalStateException("health checks are not available: the health bundle is not active");
            }
            return HealthChecks.run(h, c, args);
        }
        if (c == null) {
            return "health: unknown — the cluster service is not available; bundles not active: "
                    + (notActive().isEmpty() ? "none" : String.join(", ", notActive()));
        }
        return Health.summary(c.services(), c.pools(), c.nodes(null), notActive(), problems());
    }

    /** The problem lines of the registered health checks, sorted by the check's name. */
    private List<String> problems() {
        List<ComponentHealth> now = checks;
        List<String> out = new ArrayList<>();
        if (now != null) {
            now.stream().sorted(Comparator.comparing(ComponentHealth::name))
                    .forEach(h -> h.problem().ifPresent(p -> out.add(h.name() + ": " + p)));
        }
        return out;
    }

    /** Lists the distribution policies registered now, with the bundle that provides each and the pools using it. */
    @Descriptor("list the registered distribution policies: bundle id, bundle, version and the pools using each")
    public String policies() throws InvalidSyntaxException {
        Table table = new Table("POLICY", "BUNDLE-ID", "BUNDLE", "VERSION", "POOLS");
        Map<String, List<String>> users = new TreeMap<>();
        List<String> onFallback = new ArrayList<>();
        ClusterService c = cluster;
        if (c != null) {
            for (PoolStatus p : c.pools()) {
                if (p.fallback()) {
                    onFallback.add(p.pool().name() + " (wants " + p.pool().policy() + ")");
                } else {
                    users.computeIfAbsent(p.policyInUse(), k -> new ArrayList<>()).add(p.pool().name());
                }
            }
        }
        List<ServiceReference<DistributionPolicy>> refs = new ArrayList<>(
                context.getServiceReferences(DistributionPolicy.class, null));
        refs.sort(Comparator.comparing(r -> String.valueOf(r.getProperty(DistributionPolicy.NAME_PROPERTY))));
        for (ServiceReference<DistributionPolicy> ref : refs) {
            Bundle b = ref.getBundle();
            if (b == null) {
                continue; // unregistered while we looked
            }
            String name = String.valueOf(ref.getProperty(DistributionPolicy.NAME_PROPERTY));
            List<String> pools = users.get(name);
            table.row(name, Long.toString(b.getBundleId()), b.getSymbolicName(), b.getVersion().toString(),
                    pools == null ? "-" : String.join(",", pools));
        }
        StringBuilder sb = new StringBuilder(table.isEmpty() ? "no distribution policies registered" : table.toString());
        if (!onFallback.isEmpty()) {
            // pools whose policy no bundle provides run on the cluster's built-in round robin
            sb.append("\nbuilt-in round-robin fallback: ").append(String.join(", ", onFallback));
        }
        return sb.toString();
    }
}
